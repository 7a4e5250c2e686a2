import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {makeRecord} from '../../../source/model/socket-record.js';
import {normalizeState} from '../../../source/model/states.js';
import {
	applyProcessNames,
	parseCsvLine,
	parseTasklist,
} from '../../../source/sources/netstat/parse-tasklist.js';
import {parseWindowsNetstat} from '../../../source/sources/netstat/parse-windows.js';
import {fixture, only} from './fixture.js';

describe('parseWindowsNetstat: English netstat -ano', () => {
	const parse = parseWindowsNetstat(fixture('windows/ano-en.txt'));

	test('reads every line; title and heading are not counted as skipped', () => {
		assert.equal(parse.records.length, 17);
		assert.equal(parse.skipped, 0);
		assert.equal(parse.unattributed, 0);
	});

	test('a listener: remote 0.0.0.0:0 means no remote end; the pid is known, its name not yet', () => {
		const record = only(parse.records, {localPort: 135, family: 4});
		assert.deepEqual(
			[
				record.localAddress,
				record.remoteAddress,
				record.remotePort,
				record.state,
				record.pid,
				record.process,
			],
			['0.0.0.0', null, null, 'LISTEN', 708, null],
		);
	});

	test('[::]:135 is the IPv6 wildcard; [::1] is loopback', () => {
		const record = only(parse.records, {localPort: 135, family: 6});
		assert.deepEqual([record.localAddress, record.remoteAddress, record.state], ['::', null, 'LISTEN']);
		assert.equal(only(parse.records, {localPort: 52362}).localAddress, '::1');
	});

	test('UDP `*:*` is unconnected', () => {
		const record = only(parse.records, {proto: 'udp', localPort: 137});
		assert.deepEqual(
			[record.localAddress, record.remoteAddress, record.remotePort, record.state, record.pid],
			['10.10.10.74', null, null, 'UNCONN', 4],
		);
	});

	test('ESTABLISHED keeps both ends', () => {
		const record = only(parse.records, {localPort: 49158});
		assert.deepEqual(
			[record.remoteAddress, record.remotePort, record.state],
			['10.10.14.14', 443, 'ESTABLISHED'],
		);
	});
});

describe('parseWindowsNetstat: German netstat -ano (CRLF)', () => {
	const text = fixture('windows/ano-de.txt');
	const parse = parseWindowsNetstat(text);

	test('localised states map to Linux names', () => {
		assert.equal(parse.records.length, 27);
		assert.equal(parse.skipped, 0);
		const byPort = (localPort: number, remotePort: number | null) =>
			only(parse.records, {localPort, remotePort, family: 4}).state;
		assert.equal(byPort(135, null), 'LISTEN');
		assert.equal(byPort(53588, 1110), 'ESTABLISHED');
		assert.equal(byPort(1110, 54995), 'FIN_WAIT2');
		assert.equal(byPort(54995, 1110), 'CLOSE_WAIT');
		assert.equal(byPort(2869, 54989), 'TIME_WAIT');
	});

	test('TIME_WAIT sockets belong to pid 0 (the idle process): no owner', () => {
		const record = only(parse.records, {localPort: 2869});
		assert.deepEqual([record.pid, record.process, record.owners], [null, null, []]);
	});

	test('scoped link-local UDP keeps its %zone', () => {
		assert.deepEqual(only(parse.records, {localPort: 546}), {
			...makeRecord({
				proto: 'udp',
				family: 6,
				localAddress: 'fe80::10b0:462e:c279:f46a%9',
				localPort: 546,
				remoteAddress: null,
				remotePort: null,
				state: 'UNCONN',
			}),
			pid: 1216,
		});
	});

	test('ABHÖREN mangled by the console code page still reads as LISTEN', () => {
		for (const mangled of ['ABH\uFFFDREN', 'ABH?REN', 'ABH™REN']) {
			const records = parseWindowsNetstat(text.replaceAll('ABHÖREN', mangled)).records;
			assert.equal(records.filter((record) => record.state === 'LISTEN').length, 9, mangled);
		}
	});

	test('an unknown state word on a socket without a remote end is a listener; with one it is UNKNOWN', () => {
		const records = parseWindowsNetstat(
			[
				'  TCP    0.0.0.0:8080           0.0.0.0:0              ПРОСЛУШИВАНИЕ   4321',
				'  TCP    [::]:8080              [::]:0                 ПРОСЛУШИВАНИЕ   4321',
				'  TCP    127.0.0.1:8080         127.0.0.1:50000        УСТАНОВЛЕНО     4321',
			].join('\r\n'),
		).records;
		assert.deepEqual(
			records.map((record) => record.state),
			['LISTEN', 'LISTEN', 'UNKNOWN'],
		);
	});
});

describe('parseWindowsNetstat: other shapes', () => {
	test('Chinese heading (协议 instead of Proto) is recognised by the TCP/UDP rows', () => {
		const parse = parseWindowsNetstat(fixture('windows/ano-zh.txt'));
		assert.equal(parse.records.length, 2);
		assert.equal(parse.skipped, 0);
		assert.deepEqual(
			parse.records.map((record) => [record.state, record.pid]),
			[
				['TIME_WAIT', null],
				['TIME_WAIT', null],
			],
		);
	});

	test('without -o (no PID column); a connected UDP socket is ESTABLISHED', () => {
		const parse = parseWindowsNetstat(fixture('windows/a-p-udp-no-pid.txt'));
		assert.equal(parse.records.length, 7);
		const connected = only(parse.records, {localPort: 50127});
		assert.deepEqual(
			[connected.remoteAddress, connected.remotePort, connected.state, connected.pid],
			['0.0.0.94', 443, 'ESTABLISHED', null],
		);
	});

	test('multi-word and French/Spanish/Czech states', () => {
		const line = (state: string) => `  TCP    127.0.0.1:80   127.0.0.1:5000   ${state}   77`;
		const states = ['IN ASCOLTO', 'ÉTABLIE', 'ESTABLECIDO', 'NAVÁZÁNO', 'ÉCOUTE'].map(
			(state) => parseWindowsNetstat(line(state)).records[0]?.state,
		);
		assert.deepEqual(states, ['LISTEN', 'ESTABLISHED', 'ESTABLISHED', 'ESTABLISHED', 'LISTEN']);
	});

	test('junk after the table is counted; text before it without digits is the title', () => {
		const parse = parseWindowsNetstat(
			[
				'Aktive Verbindungen',
				'  Proto  Lokale Adresse  Remoteadresse  Status  PID',
				'  TCP    0.0.0.0:135     0.0.0.0:0      ABHÖREN 624',
				'  TCP    0.0.0.0:99999   0.0.0.0:0      ABHÖREN 624',
				'  TCP    0.0.0.0:135',
				'  UDP    0.0.0.0:123     *:*     STRANGE   1304',
				'garbage',
				'x'.repeat(10_000),
			].join('\r\n'),
		);
		assert.equal(parse.records.length, 1);
		assert.equal(parse.skipped, 5);
	});
});

describe('normalizeState aliases', () => {
	test('localised Windows words', () => {
		assert.equal(normalizeState('ABHÖREN'), 'LISTEN');
		assert.equal(normalizeState('HERGESTELLT'), 'ESTABLISHED');
		assert.equal(normalizeState('WARTEND'), 'TIME_WAIT');
		assert.equal(normalizeState('SCHLIESSEN_WARTEN'), 'CLOSE_WAIT');
		assert.equal(normalizeState('ÉCOUTE'), 'LISTEN');
		assert.equal(normalizeState('ÉTABLI'), 'ESTABLISHED');
		assert.equal(normalizeState('ESCUCHANDO'), 'LISTEN');
		assert.equal(normalizeState('ESTABLECIDO'), 'ESTABLISHED');
		assert.equal(normalizeState('NASLOUCHÁNÍ'), 'LISTEN');
		assert.equal(normalizeState('NASLOUCHÁ'), 'LISTEN');
		assert.equal(normalizeState('VERBUNDEN'), 'ESTABLISHED');
	});
});

describe('parseTasklist', () => {
	test('maps pids to image names', () => {
		const names = parseTasklist(fixture('windows/tasklist-csv.txt'));
		assert.deepEqual(
			[...names],
			[
				[0, 'System Idle Process'],
				[4, 'System'],
				[14280, 'node.exe'],
				[9124, 'bun.exe'],
			],
		);
	});

	test('quoted commas and doubled quotes; junk lines ignored', () => {
		const names = parseTasklist(
			[
				'"My ""odd"", app.exe","7300","Console","1","1,024 K"',
				'INFO: No tasks are running which match the specified criteria.',
				'"broken,"12',
				'',
			].join('\r\n'),
		);
		assert.deepEqual([...names], [[7300, 'My "odd", app.exe']]);
		assert.equal(parseCsvLine('"open'), null);
	});

	test('applyProcessNames names pid-only records and leaves the rest alone', () => {
		const records = parseWindowsNetstat(fixture('windows/ano-en.txt')).records;
		const named = applyProcessNames(records, new Map([[708, 'svchost.exe']]));
		const rpc = only(named, {localPort: 135, family: 4});
		assert.deepEqual(
			[rpc.pid, rpc.process, rpc.owners],
			[708, 'svchost.exe', [{pid: 708, process: 'svchost.exe'}]],
		);
		assert.equal(only(named, {localPort: 445, family: 4}).process, null);
	});
});

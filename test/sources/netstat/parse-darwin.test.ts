import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {makeRecord} from '../../../source/model/socket-record.js';
import {parseDarwinNetstat} from '../../../source/sources/netstat/parse-darwin.js';
import {TRUNCATED_WARNING} from '../../../source/sources/netstat/parse-result.js';
import {fixture, only} from './fixture.js';

describe('parseDarwinNetstat: recent macOS (process:pid column)', () => {
	const parse = parseDarwinNetstat(fixture('darwin/anvW-process-pid.txt'));

	test('reads every line', () => {
		assert.equal(parse.records.length, 8);
		assert.equal(parse.skipped, 0);
		assert.deepEqual(parse.warnings, []);
	});

	test('an established loopback connection owned by a process whose name has a space', () => {
		assert.deepEqual(
			only(parse.records, {localPort: 49515}),
			makeRecord({
				proto: 'tcp',
				family: 4,
				localAddress: '127.0.0.1',
				localPort: 49515,
				remoteAddress: '127.0.0.1',
				remotePort: 49472,
				state: 'ESTABLISHED',
				owners: [{pid: 22712, process: 'Autodesk Fusion'}],
			}),
		);
		assert.equal(only(parse.records, {localPort: 53107}).process, 'Code - Insiders');
	});

	test('a name that fills its column and touches shiwat is still read whole (as printed, cut at 16)', () => {
		const record = only(parse.records, {localPort: 52982});
		assert.deepEqual([record.process, record.pid], ['Google Chrome fo', 91452]);
	});

	test('tcp46 `*` listeners are the IPv6 wildcard; tcp4/tcp6 keep their family', () => {
		const dual = only(parse.records, {localPort: 5948});
		assert.deepEqual(
			[dual.family, dual.localAddress, dual.remoteAddress, dual.remotePort, dual.state, dual.process],
			[6, '::', null, null, 'LISTEN', 'MSP Anywhere Dae'],
		);
		assert.deepEqual(
			parse.records
				.filter((record) => record.localPort === 8021)
				.map((record) => [record.family, record.localAddress]),
			[
				[4, '127.0.0.1'],
				[6, '::1'],
			],
		);
	});
});

describe('parseDarwinNetstat: UDP', () => {
	const parse = parseDarwinNetstat(fixture('darwin/anvW-udp-process-pid.txt'));

	test('connected UDP is ESTABLISHED and keeps its owner', () => {
		const record = only(parse.records, {localPort: 63657});
		assert.deepEqual(
			[record.proto, record.remoteAddress, record.remotePort, record.state, record.pid, record.process],
			['udp', '160.79.104.10', 443, 'ESTABLISHED', 94258, 'Claude Helper'],
		);
	});

	test('an unbound UDP socket (`*.*` local) is the wildcard on port 0', () => {
		const record = only(parse.records, {process: 'symptomsd'});
		assert.deepEqual(
			[record.localAddress, record.localPort, record.remoteAddress, record.remotePort, record.state],
			['0.0.0.0', 0, null, null, 'UNCONN'],
		);
	});
});

describe('parseDarwinNetstat: older macOS (pid/epid columns, no names)', () => {
	test('Mojave `netstat -v -n -p tcp`: pid from its column, name unknown', () => {
		const parse = parseDarwinNetstat(fixture('darwin/vnp-tcp-pid-mojave.txt'));
		assert.equal(parse.records.length, 7);
		const record = only(parse.records, {localPort: 52040});
		assert.deepEqual(
			[record.state, record.pid, record.process, record.owners, record.remoteAddress],
			['CLOSE_WAIT', 9811, null, [], '140.82.114.4'],
		);
	});

	test('without -W IPv6 addresses are cut: those lines are skipped with a warning, the rest kept', () => {
		const parse = parseDarwinNetstat(fixture('darwin/anv-pid-epid.txt'));
		assert.equal(parse.records.length, 9);
		assert.equal(parse.skipped, 3);
		assert.deepEqual(parse.warnings, [TRUNCATED_WARNING]);
		const udp = only(parse.records, {proto: 'udp', localPort: 58852, family: 6});
		assert.deepEqual([udp.localAddress, udp.state, udp.pid], ['::', 'UNCONN', 187]);
		assert.equal(only(parse.records, {localPort: 51745}).state, 'TIME_WAIT');
	});
});

describe('parseDarwinNetstat: addresses and robustness', () => {
	const header =
		'Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)          rxbytes      txbytes  rhiwat  shiwat          process:pid    state';

	test('scoped IPv6 splits on the last dot and keeps %scope', () => {
		const parse = parseDarwinNetstat(
			[
				header,
				'udp6       0      0  fe80::1%lo0.5353       *.*                                     0            0  196724    9216      mDNSResponder:401  00000',
				'tcp6       0      0  fe80::1%lo0.631        fe80::1%lo0.50123      ESTABLISHED            0            0  131072  131072           cupsd:26008  00102',
			].join('\n'),
		);
		assert.deepEqual(
			parse.records.map((record) => [
				record.localAddress,
				record.localPort,
				record.remoteAddress,
				record.remotePort,
			]),
			[
				['fe80::1%lo0', 5353, null, null],
				['fe80::1%lo0', 631, 'fe80::1%lo0', 50123],
			],
		);
	});

	test('the other -a sections (UNIX, kernel, multipath) are ignored, not counted', () => {
		const parse = parseDarwinNetstat(
			[
				'Active Internet connections (including servers)',
				header,
				'tcp4       0      0  *.22                   *.*                    LISTEN                 0            0  131072  131072          launchd:1      00180',
				'Active LOCAL (UNIX) domain sockets',
				'Address          Type   Recv-Q Send-Q            Inode             Conn             Refs          Nextref Addr',
				'7c1d3a5b2f4e8a1d stream      0      0                0 7c1d3a5b2f4e8b09                0                0',
				'Active Multipath Internet connections',
				'Proto/ID  Flags      Local Address          Foreign Address        (state)',
				'icm4       0      0  *.*                    *.*',
			].join('\n'),
		);
		assert.equal(parse.records.length, 1);
		assert.equal(parse.skipped, 0);
	});

	test('lines missing the owner column, bad ports or junk are skipped and counted', () => {
		const parse = parseDarwinNetstat(
			[
				header,
				'tcp4       0      0  127.0.0.1.80           *.*                    LISTEN                 0            0  131072',
				'tcp4       0      0  127.0.0.1.99999        *.*                    LISTEN                 0            0  131072  131072   x:1  0',
				'tcp4       0      0  127.0.0.1',
				'\u0000\u0001garbage',
				'udp4       0      0  *.123                  *.*                                     0            0  196724    9216        timed:120  00000',
			].join('\n'),
		);
		assert.equal(parse.records.length, 1);
		assert.equal(parse.skipped, 4);
	});
});

import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {
	type ProcNetEntry,
	type ProcNetFile,
	parseIfInet6,
	parseProcNet,
	withScopes,
} from '../../../source/sources/procfs/parse-proc-net.js';

const fixture = (name: string) =>
	readFileSync(new URL(`../../fixtures/procfs/${name}`, import.meta.url), 'utf8');
type Row = [string, number, string | null, number | null, ProcNetEntry['state'], number, number];
// [localAddress, localPort, remoteAddress, remotePort, state, uid, inode]
const entries = (file: ProcNetFile, rows: Row[]): ProcNetEntry[] =>
	rows.map(([localAddress, localPort, remoteAddress, remotePort, state, uid, inode]) => ({
		proto: file.startsWith('tcp') ? 'tcp' : 'udp',
		family: file.endsWith('6') ? 6 : 4,
		localAddress,
		localPort,
		remoteAddress,
		remotePort,
		state,
		uid,
		inode,
	}));

// Captured by test/fixtures/procfs/capture.mjs; ports in real-opened.json.
test('real capture: IPv4 listener and an established pair', () => {
	assert.deepEqual(parseProcNet(fixture('real-tcp.txt'), 'tcp'), {
		entries: entries('tcp', [
			['127.0.0.1', 37735, null, null, 'LISTEN', 0, 614336],
			['127.0.0.1', 47770, '127.0.0.1', 35581, 'ESTABLISHED', 0, 617530],
			['127.0.0.1', 41666, '127.0.0.1', 37735, 'ESTABLISHED', 0, 617490],
			['127.0.0.1', 37735, '127.0.0.1', 41666, 'ESTABLISHED', 0, 617491],
		]),
		skippedLines: 0,
	});
});

test('real capture: ::1 and dual-stack listeners, IPv4-mapped peer, TIME_WAIT with inode 0', () => {
	assert.deepEqual(parseProcNet(fixture('real-tcp6.txt'), 'tcp6'), {
		entries: entries('tcp6', [
			['::1', 41169, null, null, 'LISTEN', 0, 614337],
			['::', 35581, null, null, 'LISTEN', 0, 614338],
			['::1', 58526, '::1', 41169, 'TIME_WAIT', 0, 0],
			['::ffff:127.0.0.1', 35581, '::ffff:127.0.0.1', 47770, 'ESTABLISHED', 0, 617531],
		]),
		skippedLines: 0,
	});
});

test('real capture: UDP bound (UNCONN) and connected (ESTABLISHED)', () => {
	assert.deepEqual(parseProcNet(fixture('real-udp.txt'), 'udp'), {
		entries: entries('udp', [['127.0.0.1', 33177, null, null, 'UNCONN', 0, 617535]]),
		skippedLines: 0,
	});
	assert.deepEqual(parseProcNet(fixture('real-udp6.txt'), 'udp6'), {
		entries: entries('udp6', [
			['::1', 60583, '::1', 45916, 'ESTABLISHED', 0, 617537],
			['::1', 45916, null, null, 'UNCONN', 0, 617536],
		]),
		skippedLines: 0,
	});
});

test('every TCP state code, then garbage, binary, truncated and overlong lines skipped and counted', () => {
	const states: ProcNetEntry['state'][] = [
		'ESTABLISHED',
		'SYN_SENT',
		'SYN_RECV',
		'FIN_WAIT1',
		'FIN_WAIT2',
		'TIME_WAIT',
		'CLOSE',
		'CLOSE_WAIT',
		'LAST_ACK',
		'LISTEN',
		'CLOSING',
		'NEW_SYN_RECV',
		'UNKNOWN', // 0D: not a state this kernel knows; the line is still good
	];
	const rows = states.map((state, i): Row => {
		const listen = state === 'LISTEN';
		const inode = state === 'TIME_WAIT' || state === 'NEW_SYN_RECV' ? 0 : 5000 + i;
		return [
			'10.1.2.3',
			8080 + i,
			listen ? null : '192.168.1.20',
			listen ? null : 49152 + i,
			state,
			1000,
			inode,
		];
	});
	rows.push(['127.0.0.1', 22, null, null, 'LISTEN', 0, 4242]); // the good line after the garbage
	assert.deepEqual(parseProcNet(fixture('handmade-tcp.txt'), 'tcp'), {
		entries: entries('tcp', rows),
		skippedLines: 9,
	});
});

test('IPv6: RFC 5952 compression, link-local, IPv4-mapped, wildcards', () => {
	assert.deepEqual(parseProcNet(fixture('handmade-tcp6.txt'), 'tcp6'), {
		entries: entries('tcp6', [
			// No %scope: /proc/net/tcp6 does not carry the interface.
			['fe80::1', 22, null, null, 'LISTEN', 0, 7001],
			['2001:db8::1:0:0:1', 443, '::ffff:192.168.1.20', 54321, 'ESTABLISHED', 33, 7002],
			['2001:db8:0:1:1:1:1:1', 80, '2001:db8::', 80, 'CLOSE_WAIT', 33, 7003],
			['::', 53, null, null, 'LISTEN', 0, 7004],
			['::ffff:0.0.0.0', 53, null, null, 'LISTEN', 0, 7005],
			['dead:fedc::dead:beef', 8080, null, null, 'LISTEN', 65534, 7006],
		]),
		skippedLines: 1,
	});
});

test('UDP: 07 without a peer is UNCONN, 01 is ESTABLISHED, 07 with a peer stays CLOSE', () => {
	assert.deepEqual(parseProcNet(fixture('handmade-udp.txt'), 'udp'), {
		entries: entries('udp', [
			['0.0.0.0', 68, null, null, 'UNCONN', 0, 8001],
			['127.0.0.1', 53, '127.0.0.1', 54321, 'ESTABLISHED', 101, 8002],
			['127.0.0.1', 54, '127.0.0.1', 54322, 'CLOSE', 101, 8003],
		]),
		skippedLines: 1,
	});
});

test('big-endian hosts print address words the other way round', () => {
	const line =
		'   0: 7F000001:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n';
	assert.equal(parseProcNet(line, 'tcp', {bigEndian: true}).entries[0]?.localAddress, '127.0.0.1');
});

test('never throws: empty text, header only, a whole file of noise', () => {
	assert.deepEqual(parseProcNet('', 'tcp'), {entries: [], skippedLines: 0});
	assert.deepEqual(parseProcNet(fixture('real-tcp.txt').split('\n')[0]!, 'tcp'), {
		entries: [],
		skippedLines: 0,
	});
	const noise = Array.from({length: 200}, (_, i) =>
		String.fromCharCode(...Array.from({length: i}, (_, j) => (i * 31 + j * 7) % 256)),
	);
	const result = parseProcNet(noise.join('\n'), 'udp6');
	assert.equal(result.entries.length, 0);
	assert.ok(result.skippedLines > 0);
});

test('link-local IPv6 gets its %interface: local ends from if_inet6, link-local peers from their local end', () => {
	const scopes = parseIfInet6(fixture('linklocal-if_inet6.txt'));
	assert.deepEqual(
		[...scopes],
		[
			['fe80::ecd9:54ff:fe36:a805', 'd1'],
			['fe80::d8f0:88ff:fefd:914a', 'd0'],
		],
		'only link-local addresses, in network byte order',
	);
	const parsed = parseProcNet(fixture('linklocal-tcp6.txt'), 'tcp6');
	const scoped = withScopes(parsed.entries, scopes).map((entry) => [
		entry.localAddress,
		entry.localPort,
		entry.remoteAddress,
		entry.remotePort,
	]);
	const address = 'fe80::d8f0:88ff:fefd:914a%d0';
	assert.deepEqual(scoped, [
		[address, 45673, null, null],
		[address, 42206, address, 45673],
		[address, 45673, address, 42206],
	]);
	// Without if_inet6 knowing the address (it went away meanwhile), no scope is made up.
	assert.deepEqual(withScopes(parsed.entries, new Map()), parsed.entries);
});

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {makeRecord} from '../../../source/model/socket-record.js';
import {NOT_ROOT_WARNING, parseLinuxNetstat} from '../../../source/sources/netstat/parse-linux.js';
import {TRUNCATED_WARNING} from '../../../source/sources/netstat/parse-result.js';
import {fixture, only} from './fixture.js';

describe('parseLinuxNetstat: netstat -tunapWe as root (captured here)', () => {
	const parse = parseLinuxNetstat(fixture('linux/tunapWe-root.txt'));

	test('reads every line, skips none', () => {
		assert.equal(parse.records.length, 37);
		assert.equal(parse.skipped, 0);
		assert.deepEqual(parse.warnings, []);
	});

	test('a TCP listener on 127.0.0.1 with uid, inode, pid and program', () => {
		assert.deepEqual(
			only(parse.records, {localPort: 47101, state: 'LISTEN'}),
			makeRecord({
				proto: 'tcp',
				family: 4,
				localAddress: '127.0.0.1',
				localPort: 47101,
				remoteAddress: null,
				remotePort: null,
				state: 'LISTEN',
				owners: [{pid: 4528, process: 'python3'}],
				uid: 0,
				inode: 9412,
			}),
		);
	});

	test('a program name with a space is kept whole', () => {
		const record = only(parse.records, {localPort: 47108, state: 'LISTEN'});
		assert.equal(record.process, 'my server');
		assert.equal(record.pid, 4530);
	});

	test('IPv6 listeners: :: wildcard and ::1', () => {
		const wildcard = only(parse.records, {localPort: 47103, state: 'LISTEN'});
		assert.deepEqual(
			[wildcard.proto, wildcard.family, wildcard.localAddress, wildcard.remoteAddress, wildcard.remotePort],
			['tcp', 6, '::', null, null],
		);
		assert.equal(only(parse.records, {localPort: 47102, state: 'LISTEN'}).localAddress, '::1');
	});

	test('an established IPv6 pair keeps both ends', () => {
		const record = only(parse.records, {localPort: 45924});
		assert.deepEqual(
			[record.family, record.localAddress, record.remoteAddress, record.remotePort, record.state, record.pid],
			[6, '::1', '::1', 47102, 'ESTABLISHED', 4528],
		);
	});

	test('tcp6 sockets talking IPv4 get their ::ffff: mapped addresses back', () => {
		const record = only(parse.records, {localPort: 47103, remotePort: 40704});
		assert.deepEqual(
			[record.family, record.localAddress, record.remoteAddress, record.state],
			[6, '::ffff:127.0.0.1', '::ffff:127.0.0.1', 'ESTABLISHED'],
		);
	});

	test('bound UDP is UNCONN with a 0.0.0.0 wildcard; connected UDP is ESTABLISHED with its owner', () => {
		const bound = only(parse.records, {proto: 'udp', localPort: 47104});
		assert.deepEqual(
			[bound.localAddress, bound.remoteAddress, bound.remotePort, bound.state],
			['0.0.0.0', null, null, 'UNCONN'],
		);
		const connected = only(parse.records, {proto: 'udp', localPort: 47106});
		assert.deepEqual(
			[connected.remoteAddress, connected.remotePort, connected.state, connected.pid, connected.process],
			['127.0.0.1', 47107, 'ESTABLISHED', 4528, 'python3'],
		);
		assert.equal(only(parse.records, {proto: 'udp', localPort: 47105}).localAddress, '::1');
	});

	test('states keep their Linux names', () => {
		const states = new Set(parse.records.map((record) => record.state));
		for (const state of [
			'LISTEN',
			'ESTABLISHED',
			'TIME_WAIT',
			'CLOSE_WAIT',
			'FIN_WAIT2',
			'SYN_SENT',
			'UNCONN',
		]) {
			assert.ok(states.has(state as never), state);
		}
	});

	test('ownerless sockets (inode 0: TIME_WAIT, orphans) are not counted as hidden owners', () => {
		const timeWait = only(parse.records, {localPort: 59870});
		// netstat prints "root 0" for it: no owner and no inode, not root's socket number 0 (as procfs).
		assert.deepEqual(
			[timeWait.state, timeWait.pid, timeWait.process, timeWait.uid, timeWait.user, timeWait.inode],
			['TIME_WAIT', null, null, null, null, null],
		);
		// Only the listener on 2024 has an inode but no pid (its process is outside this pid namespace).
		assert.equal(parse.unattributed, 1);
	});

	test('a socket of another user keeps that uid', () => {
		assert.equal(only(parse.records, {proto: 'udp', localPort: 47109}).uid, 65534);
	});
});

describe('parseLinuxNetstat: not root (captured here as nobody)', () => {
	const parse = parseLinuxNetstat(fixture('linux/tunapWe-nonroot.txt'));

	test('warns once to run as root', () => {
		assert.deepEqual(parse.warnings, [NOT_ROOT_WARNING]);
		assert.match(parse.warnings[0] ?? '', /root \(sudo\)/);
	});

	test('`-` owners become null and count as unattributed; own sockets keep their pid', () => {
		const hidden = only(parse.records, {localPort: 47101, state: 'LISTEN'});
		assert.deepEqual([hidden.pid, hidden.process, hidden.owners], [null, null, []]);
		const own = only(parse.records, {localPort: 47110, state: 'LISTEN'});
		assert.deepEqual([own.pid, own.process, own.uid], [4534, 'python3', 65534]);
		assert.equal(parse.records.length, 37);
		assert.equal(parse.skipped, 0);
		assert.equal(parse.unattributed, 18);
	});
});

describe('parseLinuxNetstat: other flag sets', () => {
	test('-tunapW (no User/Inode columns)', () => {
		const parse = parseLinuxNetstat(fixture('linux/tunapW-root.txt'));
		assert.equal(parse.records.length, 37);
		assert.equal(parse.skipped, 0);
		const record = only(parse.records, {localPort: 47108, state: 'LISTEN'});
		assert.deepEqual([record.pid, record.process, record.uid, record.inode], [4530, 'my server', null, null]);
	});

	test('-tunaW (no PID column)', () => {
		const parse = parseLinuxNetstat(fixture('linux/tunaW-nopid.txt'));
		assert.equal(parse.records.length, 37);
		assert.equal(parse.skipped, 0);
		assert.equal(parse.unattributed, 0);
		assert.ok(parse.records.every((record) => record.pid === null && record.process === null));
	});

	test('-tunap without -W reads the same sockets when no address was long enough to be cut', () => {
		const narrow = parseLinuxNetstat(fixture('linux/tunap-root.txt'));
		const wide = parseLinuxNetstat(fixture('linux/tunapW-root.txt'));
		assert.deepEqual(narrow.records, wide.records);
	});

	test('addresses cut short without -W are skipped with a warning, the rest kept', () => {
		const parse = parseLinuxNetstat(fixture('linux/tunap-published-cut-ipv6.txt'));
		assert.equal(parse.records.length, 3);
		assert.equal(parse.skipped, 2);
		assert.deepEqual(parse.warnings, [TRUNCATED_WARNING]);
		assert.equal(only(parse.records, {localPort: 22}).process, 'systemd');
		// Cut to "...fea7" + ":546", this one still looks like an address: netstat gives no way to tell.
		assert.equal(only(parse.records, {localPort: 546}).localAddress, 'fe80::a00:27ff:fea7');
	});

	test('published non-root -tulpn output (stderr first, no -W)', () => {
		const parse = parseLinuxNetstat(fixture('linux/tulpn-published-not-wide.txt'));
		assert.equal(parse.records.length, 11);
		assert.equal(parse.unattributed, 11);
		assert.deepEqual(parse.warnings, [NOT_ROOT_WARNING]);
		const udp6 = only(parse.records, {proto: 'udp', localPort: 69, family: 6});
		assert.deepEqual([udp6.localAddress, udp6.state], ['::', 'UNCONN']);
	});

	test('data lines without any header: columns are guessed per line', () => {
		const parse = parseLinuxNetstat(
			[
				'tcp        0      0 127.0.0.1:631           0.0.0.0:*               LISTEN      0          14896       5065/cupsd      ',
				'udp        0      0 0.0.0.0:5353            0.0.0.0:*                           110        14815       5017/avahi-daemon: ',
				'tcp6       0      0 :::22                   :::*                    LISTEN      1/systemd',
				'tcp        0      0 10.0.0.1:22             10.0.0.2:5000           ESTABLISHED',
			].join('\n'),
		);
		assert.equal(parse.skipped, 0);
		assert.deepEqual(
			parse.records.map((record) => [record.pid, record.process, record.uid, record.inode]),
			[
				[5065, 'cupsd', 0, 14896],
				[5017, 'avahi-daemon:', 110, 14815],
				[1, 'systemd', null, null],
				[null, null, null, null],
			],
		);
	});

	test('a user name in the User column (no -n) is kept as the user', () => {
		const parse = parseLinuxNetstat(
			[
				'Proto Recv-Q Send-Q Local Address           Foreign Address         State       User       Inode      PID/Program name',
				'tcp        0      0 127.0.0.1:631           0.0.0.0:*               LISTEN      root       14896      5065/cupsd',
			].join('\n'),
		);
		const [record] = parse.records;
		assert.deepEqual([record?.uid, record?.user], [null, 'root']);
	});

	test('IPv6 scope ids are kept', () => {
		const parse = parseLinuxNetstat(
			'udp6       0      0 fe80::1%eth0:546        :::*                                0          123        77/dhclient\n',
		);
		assert.equal(parse.records[0]?.localAddress, 'fe80::1%eth0');
	});

	test('the UNIX socket section of plain `netstat -a` is ignored, not counted', () => {
		const parse = parseLinuxNetstat(
			[
				'Active Internet connections (servers and established)',
				'Proto Recv-Q Send-Q Local Address           Foreign Address         State',
				'tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN',
				'raw6       0      0 :::58                   :::*                    7',
				'Active UNIX domain sockets (servers and established)',
				'Proto RefCnt Flags       Type       State         I-Node   Path',
				'unix  2      [ ACC ]     STREAM     LISTENING     12345    /run/systemd/private',
			].join('\n'),
		);
		assert.equal(parse.records.length, 1);
		assert.equal(parse.skipped, 0);
	});
});

describe('parseLinuxNetstat: garbage', () => {
	test('skips and counts truncated, binary, huge and malformed lines, keeps the good ones', () => {
		const parse = parseLinuxNetstat(fixture('linux/garbage.txt'));
		assert.deepEqual(
			parse.records.map(
				(record) => `${record.proto}${record.family} ${record.localAddress}:${record.localPort}`,
			),
			['tcp4 127.0.0.1:47101', 'tcp4 127.0.0.1:47108', 'udp4 0.0.0.0:47104', 'udp4 127.0.0.1:47109'],
		);
		assert.equal(parse.skipped, 7);
	});

	test('never throws', () => {
		for (const text of ['', '\u0000', 'tcp', 'tcp 0 0', 'Proto\n'.repeat(5), 'tcp 0 0 a:b c:d E F G']) {
			assert.doesNotThrow(() => parseLinuxNetstat(text));
		}
	});
});

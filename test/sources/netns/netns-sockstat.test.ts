// Which tables a namespace's sockstat counts let us skip, on real sockstat files captured beside
// the tables' line counts (test/fixtures/procfs/sockstat/make-fixtures.sh).
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {parseSockstat, READ_ALL, tablesToRead} from '../../../source/sources/procfs/netns-sockstat.js';

const dir = new URL('../../fixtures/procfs/sockstat/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');
const CASES = ['empty', 'udp4-only', 'tcp6-listener', 'mapped-connections', 'time-wait-only'];

function fixture(name: string) {
	const lines = Object.fromEntries(
		read(`${name}.lines.txt`)
			.trim()
			.split(' ')
			.map((pair) => pair.split('=') as [string, string])
			.map(([file, count]) => [file, Number(count)]),
	) as Record<'tcp' | 'tcp6' | 'udp' | 'udp6', number>;
	return {lines, worth: tablesToRead(read(`${name}.sockstat.txt`), read(`${name}.sockstat6.txt`))};
}

test('no table that holds a line is ever skipped (every captured case)', () => {
	for (const name of CASES) {
		const {lines, worth} = fixture(name);
		for (const file of ['tcp', 'tcp6', 'udp', 'udp6'] as const)
			if (lines[file] > 0) assert.equal(worth[file], true, `${name}: ${file} has ${lines[file]} lines`);
	}
});

test('empty tables are skipped: the TCP walks go when a namespace has no TCP socket', () => {
	assert.deepEqual(fixture('empty').worth, {tcp: false, tcp6: false, udp: false, udp6: false});
	assert.deepEqual(fixture('udp4-only').worth, {tcp: false, tcp6: false, udp: true, udp6: false});
	// A v6 listener: tcp is still read (a v4 client's SYN-RECV would be listed there).
	assert.deepEqual(fixture('tcp6-listener').worth, {tcp: true, tcp6: true, udp: true, udp6: false});
	// TIME_WAIT counts cover both families.
	assert.deepEqual(fixture('time-wait-only').worth, {tcp: true, tcp6: true, udp: true, udp6: false});
});

test('counts that cannot be read mean every table is read', () => {
	assert.deepEqual(tablesToRead('', ''), READ_ALL);
	// sockstat6 missing (no IPv6 module, unreadable): tcp6, udp6 unknown; tcp read too (v6 TCP unknown).
	assert.deepEqual(tablesToRead(read('udp4-only.sockstat.txt'), ''), {
		tcp: true,
		tcp6: true,
		udp: true,
		udp6: true,
	});
	assert.deepEqual(tablesToRead('TCP: garbled\n', read('empty.sockstat6.txt')).tcp, true);
});

test('parse: inuse and tw per protocol line', () => {
	const counts = parseSockstat(read('time-wait-only.sockstat.txt'));
	assert.deepEqual(counts.get('TCP'), {inuse: 0, tw: 2});
	assert.deepEqual(counts.get('UDP'), {inuse: 1, tw: null});
});

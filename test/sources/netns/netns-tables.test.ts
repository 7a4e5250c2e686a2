// The other namespaces' tables with a stub census and fake reads: a namespace whose
// process exits between the census and the read costs its rows only.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {CensusNamespace, CensusTaker} from '../../../source/sources/procfs/netns-census.js';
import {createNamespaceTables} from '../../../source/sources/procfs/netns-tables.js';
import type {ProcNetEntry} from '../../../source/sources/procfs/parse-proc-net.js';

const entry = (port: number): ProcNetEntry => ({
	proto: 'tcp',
	family: 4,
	localAddress: '0.0.0.0',
	localPort: port,
	remoteAddress: null,
	remotePort: null,
	state: 'LISTEN',
	uid: 0,
	inode: port,
});

function setup(gone: Set<number>, keyOfPid: Map<number, number>) {
	const reads: string[] = [];
	const census = {keyOf: (pid: number) => keyOfPid.get(pid) ?? null} as unknown as CensusTaker;
	const tables = createNamespaceTables({
		root: '/proc',
		census,
		now: () => 1000,
		readTexts: async (netDir) => {
			reads.push(netDir);
			const pid = Number(netDir.split('/')[2]);
			if (gone.has(pid)) throw Object.assign(new Error('gone'), {code: 'ENOENT'});
			return [`${pid}`, '', '', ''];
		},
		parse: async (texts) => ({entries: [entry(Number(texts[0]))], skippedLines: 0}),
	});
	return {tables, reads};
}
const ns = (key: number, pids: number[]): CensusNamespace => ({key, id: key, pids, name: null});

test('a namespace whose processes all exited between census and read is dropped, without error', async () => {
	const gone = new Set([11, 12]);
	const {tables, reads} = setup(gone, new Map([[21, 2]]));
	const got = await tables.read([ns(1, [11, 12]), ns(2, [21])], 5, new AbortController().signal);
	assert.deepEqual(
		got.tables.map((table) => table.namespace.key),
		[2],
	);
	assert.deepEqual(reads, ['/proc/11/net', '/proc/12/net', '/proc/21/net']);
	assert.equal(got.tables[0]!.entries[0]!.localPort, 21);
});

test('the next process of the namespace is read when the first exited; a reused pid elsewhere is not trusted', async () => {
	// pid 31 exited; pid 32 was reused by a process of another namespace (key 9); 33 is still there.
	const {tables} = setup(
		new Set([31]),
		new Map([
			[32, 9],
			[33, 3],
		]),
	);
	const got = await tables.read([ns(3, [31, 32, 33])], 5, new AbortController().signal);
	assert.equal(got.tables.length, 1);
	assert.equal(got.tables[0]!.entries[0]!.localPort, 33);
	assert.equal(got.changed, true);
});

test('kept tables are served between turns; a namespace gone from the census goes, and that is a change', async () => {
	const {tables, reads} = setup(
		new Set(),
		new Map([
			[41, 4],
			[51, 5],
		]),
	);
	const signal = new AbortController().signal;
	await tables.read([ns(4, [41]), ns(5, [51])], 5, signal);
	const again = await tables.read([ns(4, [41]), ns(5, [51])], 5, signal);
	assert.equal(again.changed, false, 'same texts');
	const later = await tables.read([ns(4, [41])], 5, signal);
	assert.equal(later.changed, true);
	assert.deepEqual(
		later.tables.map((table) => table.namespace.key),
		[4],
	);
	assert.ok(reads.length >= 3);
});

test('on a fake clock with no budget at all, the age bound still has every namespace re-read in time', async () => {
	let clock = 1_000_000;
	const pids = new Map(Array.from({length: 30}, (_, i) => [100 + i, i + 1] as [number, number]));
	const census = {keyOf: (pid: number) => pids.get(pid) ?? null} as unknown as CensusTaker;
	const lastRead = new Map<number, number>();
	const tables = createNamespaceTables({
		root: '/proc',
		census,
		now: () => clock,
		readTexts: async (netDir) => {
			lastRead.set(Number(netDir.split('/')[2]), clock);
			return [netDir, '', '', ''];
		},
		parse: async () => ({entries: [], skippedLines: 0}),
		share: 0,
		floorMs: 0,
		maxAgeMs: 10_000,
	});
	const wanted = [...pids].map(([pid, key]) => ns(key, [pid]));
	const signal = new AbortController().signal;
	let worst = 0;
	for (let poll = 0; poll < 40; poll++) {
		const got = await tables.read(wanted, 1, signal);
		if (poll > 0) assert.ok(got.readNow < 30, 'not everything each poll');
		for (const at of lastRead.values()) worst = Math.max(worst, clock - at);
		clock += 2000;
	}
	assert.ok(worst <= 10_000, `oldest data ${worst} ms`);
	assert.equal(lastRead.size, 30);
});

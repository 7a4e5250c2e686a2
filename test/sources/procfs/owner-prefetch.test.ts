import assert from 'node:assert/strict';
import {after, test} from 'node:test';
import {
	type FdWalk,
	fdSlicesDone,
	listAllFds,
	readFdSlices,
	walkAllFds,
} from '../../../source/sources/procfs/fd-walk.js';
import {startOwnerPrefetch} from '../../../source/sources/procfs/owner-prefetch.js';
import {createProcessOwners} from '../../../source/sources/procfs/process-owners.js';
import {countingFs, createFakeProc, type FakeProc} from './fake-proc.js';

const fakes: FakeProc[] = [];
after(() => Promise.all(fakes.map((fake) => fake.remove())));
const fakeProc = async (...args: Parameters<typeof createFakeProc>) => {
	const fake = await createFakeProc(...args);
	fakes.push(fake);
	return fake;
};
const signal = () => new AbortController().signal;

/** The walk as pid → {start, fd → inode}, for comparing. */
function byPid(walk: FdWalk) {
	const out: Record<number, {start: string | null; fds: Record<number, number>}> = {};
	for (let i = 0, from = 0; i < walk.pids.length; from = walk.ends[i++]!) {
		const fds: Record<number, number> = {};
		for (let j = from; j < walk.ends[i]!; j++) fds[walk.fds[j]!] = walk.inodes[j]!;
		out[walk.pids[i]!] = {start: walk.starts[i]!, fds};
	}
	return out;
}

test('walkAllFds: every fd of every listable process, sockets by inode, others 0, unreadable -1', async () => {
	const fake = await fakeProc([
		{pid: 10, starttime: 77, fds: {3: 'socket:[999]', 4: '/dev/null', 5: 'socket:[1000]'}},
		{pid: 20, fds: {0: 'pipe:[5]', 7: 'socket:[4294967296]'}},
		{pid: 30, fds: {3: 'socket:[1]'}}, // its fd directory cannot be listed
		{pid: 40, fds: {}}, // a kernel thread: nothing listed
		{pid: 50, fds: {3: 'socket:[2]', 4: 'socket:[3]'}}, // one link unreadable
	]);
	const fs = countingFs((op, path) =>
		(op === 'readdir' && path.endsWith('/30/fd')) || (op === 'readlink' && path.endsWith('/50/fd/4'))
			? 'EACCES'
			: undefined,
	);
	const walk = walkAllFds(fs, fake.root);
	assert.deepEqual(byPid(walk), {
		10: {start: '77', fds: {3: 999, 4: 0, 5: 1000}},
		20: {start: '1000', fds: {0: 0, 7: 4294967296}},
		50: {start: '1000', fds: {3: 2, 4: -1}},
	});
});

test('walkAllFds grows its arrays past their first size', async () => {
	const fds: Record<number, string> = {};
	for (let fd = 0; fd < 5000; fd++) fds[fd] = `socket:[${100_000 + fd}]`;
	const fake = await fakeProc([
		{pid: 1, fds},
		{pid: 2, fds: {3: 'socket:[7]'}},
	]);
	const walk = walkAllFds(countingFs(), fake.root);
	assert.equal(walk.fds.length, 5001);
	assert.equal(byPid(walk)[1]!.fds[4999], 104_999);
	assert.deepEqual(byPid(walk)[2]!.fds, {3: 7});
});

test('a seed walk is taken as the first full walk: owners found without walking here', async () => {
	const fake = await fakeProc([
		{pid: 300, comm: 'worker', fds: {3: 'socket:[999]', 4: 'socket:[999]'}},
		{pid: 123, comm: 'master', fds: {3: 'socket:[999]', 7: 'socket:[1000]'}},
	]);
	const seed = walkAllFds(countingFs(), fake.root);
	const fs = countingFs();
	const owners = createProcessOwners({root: fake.root, fs, seed: () => Promise.resolve(seed)});
	const found = await owners.resolve([999, 1000, 4242], signal());
	assert.deepEqual(
		found,
		new Map([
			[
				999,
				[
					{pid: 123, process: 'master'},
					{pid: 300, process: 'worker'},
				],
			],
			[1000, [{pid: 123, process: 'master'}]],
		]),
	);
	assert.equal(fs.calls.readlink, 0, 'no fd read here');
	// 4242 has no owner: /proc is listed for processes started since the walk (none), no fd directory.
	assert.equal(fs.calls.readdir, 1, 'only /proc listed here');
	assert.equal(owners.fullWalks, 1);
	// The next walk is this thread's own: a new socket is found.
	await fake.setFd(123, 8, 'socket:[1001]');
	const later = await owners.resolve([999, 1000, 1001], signal());
	assert.deepEqual(later.get(1001), [{pid: 123, process: 'master'}]);
	assert.ok(fs.calls.readlink > 0);
});

test('a failed seed (null) means walking here', async () => {
	const fake = await fakeProc([{pid: 5, comm: 'x', fds: {3: 'socket:[42]'}}]);
	const fs = countingFs();
	const owners = createProcessOwners({root: fake.root, fs, seed: () => Promise.resolve(null)});
	assert.deepEqual(await owners.resolve([42], signal()), new Map([[42, [{pid: 5, process: 'x'}]]]));
	assert.equal(fs.calls.readlink, 1);
});

test('startOwnerPrefetch walks on a worker thread and hands the arrays over', async () => {
	const fake = await fakeProc([
		{pid: 10, fds: {3: 'socket:[999]', 4: '/dev/null'}},
		{pid: 20, fds: {5: 'socket:[1000]'}},
	]);
	const walk = await startOwnerPrefetch(fake.root).walk();
	assert.ok(walk !== null);
	assert.ok(walk.inodes instanceof Float64Array);
	assert.deepEqual(byPid(walk), {
		10: {start: '1000', fds: {3: 999, 4: 0}},
		20: {start: '1000', fds: {5: 1000}},
	});
});

test('startOwnerPrefetch on a root that cannot be listed gives null (the source walks itself)', async () => {
	const walk = await startOwnerPrefetch('/nonexistent-socktop-proc').walk();
	assert.equal(walk, null);
});

test('the map resolve returns is not copied, yet a later resolve never changes it', async () => {
	const fake = await fakeProc([{pid: 5, comm: 'x', fds: {3: 'socket:[42]', 4: 'socket:[43]'}}]);
	const owners = createProcessOwners({root: fake.root});
	const first = await owners.resolve([42, 43], signal());
	const second = await owners.resolve([42], signal()); // 43 closed: dropped from the cache
	assert.deepEqual([...first.keys()], [42, 43]);
	assert.deepEqual([...second.keys()], [42]);
});

test('a socket missing from the seed is looked for in the processes started since; older ones are not listed again', async () => {
	const fake = await fakeProc([{pid: 10, comm: 'old', fds: {3: 'socket:[1]'}}]);
	const seed = walkAllFds(countingFs(), fake.root);
	await fake.addProcess({pid: 20, comm: 'new', fds: {3: 'socket:[2]'}}); // after the walk
	await fake.setFd(10, 4, 'socket:[3]'); // an older process's new socket: left to the next walk
	const fs = countingFs();
	const owners = createProcessOwners({root: fake.root, fs, seed: () => Promise.resolve(seed)});
	const found = await owners.resolve([1, 2, 3], signal());
	assert.deepEqual(
		found,
		new Map([
			[1, [{pid: 10, process: 'old'}]],
			[2, [{pid: 20, process: 'new'}]],
		]),
	);
	assert.equal(fs.calls.readlink, 1, "only the new process's fd");
});

test('a listing on shared memory is read in slices by whoever claims them, each slice once', async () => {
	const many: Record<number, string> = {};
	for (let fd = 0; fd < 600; fd++) many[fd] = `socket:[${200_000 + fd}]`;
	const fake = await fakeProc([
		{pid: 1, fds: many}, // one big holder: cut into slices, not handed to one reader whole
		{pid: 2, fds: {3: 'socket:[7]', 4: '/dev/null'}},
	]);
	const listing = listAllFds(countingFs(), fake.root, undefined, true);
	assert.ok(listing.inodes.buffer instanceof SharedArrayBuffer);
	assert.equal(listing.sliceEnds.length, 4, '600 fds in 3 slices of at most 256, then the small process');
	assert.equal(fdSlicesDone(listing), false);
	// One reader takes the first slice, then two readers share what is left.
	const first = countingFs();
	Atomics.add(listing.control, 0, 1); // slice 0 claimed by "the other thread", read below by hand
	const read = readFdSlices(first, fake.root, listing);
	assert.equal(read, 3);
	assert.equal(fdSlicesDone(listing), false, 'slice 0 is claimed but not read');
	assert.equal(readFdSlices(countingFs(), fake.root, listing), 0, 'nothing left to claim');
	assert.equal(first.calls.readlink, 600 - 256 + 2, 'each fd of the slices it took, once');
	assert.deepEqual(byPid(listing)[2]!.fds, {3: 7, 4: 0});
	assert.equal(byPid(listing)[1]!.fds[0], 0, 'slice 0 not read yet');
	assert.equal(byPid(listing)[1]!.fds[599], 200_599);
});

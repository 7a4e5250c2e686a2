import assert from 'node:assert/strict';
import {rm} from 'node:fs/promises';
import {join} from 'node:path';
import {after, test} from 'node:test';
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

test('maps inodes to owners; shared sockets list every owner by pid; other fds ignored', async () => {
	const fake = await fakeProc([
		{pid: 300, comm: 'worker', fds: {3: 'socket:[999]', 4: 'socket:[999]', 5: '/dev/null'}},
		{pid: 123, comm: 'master', fds: {0: 'pipe:[5]', 3: 'socket:[999]', 7: 'socket:[1000]'}},
		{pid: 50, comm: 'other', fds: {3: 'socket:[777]', 4: 'anon_inode:[eventpoll]'}}, // 777 not asked for
	]);
	const owners = createProcessOwners({root: fake.root});
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
});

test('process names: comm kept whole; a 15-character comm is completed from argv[0]', async () => {
	const fake = await fakeProc([
		{
			pid: 1,
			comm: 'Web Content',
			cmdline: '/usr/lib/firefox/firefox\0-contentproc\0',
			fds: {3: 'socket:[1]'},
		},
		{pid: 2, comm: 'systemd-resolve', cmdline: '/lib/systemd/systemd-resolved\0', fds: {3: 'socket:[2]'}},
		{pid: 3, comm: 'python3.11-long', cmdline: '/usr/bin/python3\0x.py\0', fds: {3: 'socket:[3]'}}, // argv[0] differs
		{pid: 4, comm: 'kworker-name-15', cmdline: '', fds: {3: 'socket:[4]'}}, // no cmdline (kernel thread)
	]);
	const found = await createProcessOwners({root: fake.root}).resolve([1, 2, 3, 4], signal());
	assert.deepEqual(
		[1, 2, 3, 4].map((inode) => found.get(inode)?.[0]?.process),
		['Web Content', 'systemd-resolved', 'python3.11-long', 'kworker-name-15'],
	);
});

test('cache: steady state reads no fd; a new inode walks; gone inodes are dropped; unresolvable ones do not re-walk', async () => {
	const fake = await fakeProc([{pid: 10, comm: 'a', fds: {3: 'socket:[100]', 4: 'socket:[101]'}}]);
	const fs = countingFs();
	let clock = 0;
	const owners = createProcessOwners({root: fake.root, fs, now: () => clock, rewalkMs: 30_000});

	await owners.resolve([100, 101, 555], signal()); // 555: another user's socket, never found
	assert.equal(fs.calls.readlink, 2);
	assert.equal(owners.walks, 1);

	clock = 1000;
	const readsBefore = {...fs.calls};
	const again = await owners.resolve([100, 101, 555, 0], signal());
	assert.deepEqual(fs.calls, readsBefore, 'no fs call at all in steady state');
	assert.deepEqual([...again.keys()].sort(), [100, 101]);

	await fake.addProcess({pid: 11, comm: 'b', fds: {3: 'socket:[102]'}});
	clock = 2000;
	const withNew = await owners.resolve([100, 101, 102, 555], signal());
	assert.equal(owners.walks, 2);
	assert.equal(fs.calls.readlink, 2 + 1, "only the new process's fd: pid 10's are known");
	assert.deepEqual(withNew.get(102), [{pid: 11, process: 'b'}]);

	clock = 3000;
	const fewer = await owners.resolve([100, 555], signal()); // 101 and 102 closed
	assert.equal(owners.walks, 2, 'sockets disappearing needs no walk');
	assert.deepEqual([...fewer.keys()], [100]);
});

test('cache: a socket inherited across fork appears at the periodic re-walk', async () => {
	const fake = await fakeProc([{pid: 10, comm: 'parent', fds: {3: 'socket:[100]'}}]);
	const fs = countingFs();
	let clock = 0;
	const owners = createProcessOwners({root: fake.root, fs, now: () => clock, rewalkMs: 30_000});
	await owners.resolve([100], signal());
	await fake.addProcess({pid: 20, comm: 'child', fds: {3: 'socket:[100]'}});
	clock = 29_999;
	assert.deepEqual((await owners.resolve([100], signal())).get(100), [{pid: 10, process: 'parent'}]);
	assert.equal(fs.calls.readlink, 1);
	clock = 30_000;
	assert.deepEqual((await owners.resolve([100], signal())).get(100), [
		{pid: 10, process: 'parent'},
		{pid: 20, process: 'child'},
	]);
	assert.equal(owners.walks, 2);
	assert.equal(fs.calls.readlink, 3);
});

test('unreadable fd dirs (EACCES), vanished processes and closed fds are skipped quietly', async () => {
	const fake = await fakeProc([
		{pid: 1, comm: 'mine', fds: {3: 'socket:[10]'}},
		{pid: 2, comm: 'root-owned', fds: {3: 'socket:[20]'}},
		{pid: 3, comm: 'exits-before-comm', fds: {3: 'socket:[30]'}},
		{pid: 4, comm: 'closes-fd', fds: {3: 'socket:[40]', 4: 'socket:[10]'}},
	]);
	await rm(join(fake.root, '3', 'comm')); // exited between the fd walk and the name read
	const fs = countingFs((op, path) => {
		if (op === 'readdir' && path === fake.root) return undefined;
		if (path.startsWith(join(fake.root, '2', 'fd'))) return 'EACCES';
		if (path === join(fake.root, '4', 'fd', '3')) return 'ENOENT';
		if (path.startsWith(join(fake.root, '9'))) return 'ENOENT';
		return undefined;
	});
	// A process that is listed but gone by the time its fd dir is read.
	const withGhost = {
		...fs,
		readdirSync: (path: string) => [...fs.readdirSync(path), ...(path === fake.root ? ['9'] : [])],
	};
	const found = await createProcessOwners({root: fake.root, fs: withGhost}).resolve(
		[10, 20, 30, 40],
		signal(),
	);
	assert.deepEqual(
		found,
		new Map([
			[
				10,
				[
					{pid: 1, process: 'mine'},
					{pid: 4, process: 'closes-fd'},
				],
			],
		]),
	);
});

test('an unlistable root rejects (the source turns that into a SourceError)', async () => {
	const owners = createProcessOwners({root: '/nonexistent/proc'});
	await assert.rejects(owners.resolve([1], signal()), {code: 'ENOENT'});
});

test('a long walk gives the event loop a turn every `sliceMs`, and its answer is whole', async () => {
	const fds = Object.fromEntries(Array.from({length: 400}, (_, i) => [i + 3, `socket:[${i + 1}]`]));
	const fake = await fakeProc([
		{pid: 1, fds},
		{pid: 2, fds},
		{pid: 3, fds},
	]);
	const fs = countingFs();
	let turns = 0;
	const ticker = setInterval(() => turns++, 0);
	try {
		// sliceMs 0: a turn every CLOCK_EVERY calls, whatever the machine's speed.
		const found = await createProcessOwners({root: fake.root, fs, sliceMs: 0}).resolve(
			Array.from({length: 400}, (_, i) => i + 1),
			signal(),
		);
		assert.equal(found.size, 400);
		assert.equal(found.get(400)?.length, 3);
		assert.equal(fs.calls.readlink, 1200);
	} finally {
		clearInterval(ticker);
	}
	assert.ok(turns >= 2, `timers ran ${turns} times during the walk`);
});

test('abort: the walk stops, rejects with the reason, and leaves the cache as it was', async () => {
	const fds = Object.fromEntries(Array.from({length: 50}, (_, i) => [i + 3, `socket:[${i + 1}]`]));
	const fake = await fakeProc([{pid: 1, fds}]);
	const controller = new AbortController();
	const fs = countingFs((op) => {
		if (op === 'readlink' && fs.calls.readlink === 5) controller.abort(new Error('stop'));
		return undefined;
	});
	const owners = createProcessOwners({root: fake.root, fs});
	await assert.rejects(owners.resolve([1, 2, 3], controller.signal), {message: 'stop'});
	assert.ok(fs.calls.readlink < 50, `stopped early, after ${fs.calls.readlink} readlinks`);
	assert.equal(owners.walks, 0);
	const found = await owners.resolve([1, 2, 3], signal());
	assert.equal(found.size, 3);
	assert.equal(owners.walks, 1);
});

test('the periodic full walk reads every link of a known process again and follows what changed in it', async () => {
	const fake = await fakeProc([
		{pid: 10, comm: 'server', fds: {3: 'socket:[100]', 4: 'socket:[101]', 5: '/dev/null', 6: 'socket:[102]'}},
	]);
	const fs = countingFs();
	let clock = 0;
	const owners = createProcessOwners({root: fake.root, fs, now: () => clock, rewalkMs: 30_000});
	const server = [{pid: 10, process: 'server'}];
	assert.deepEqual([...(await owners.resolve([100, 101, 102, 200], signal())).keys()], [100, 101, 102]);
	clock = 30_000; // nothing changed: every link read, the same answer
	let before = fs.calls.readlink;
	let found = await owners.resolve([100, 101, 102, 200], signal());
	assert.equal(fs.calls.readlink - before, 4);
	assert.deepEqual(found, new Map([100, 101, 102].map((inode) => [inode, server])));
	// Same process (same start time): fd 4 now another socket, fd 6 closed, fd 5 a socket now.
	await fake.setFd(10, 4, 'socket:[200]');
	await fake.setFd(10, 6, null);
	await fake.setFd(10, 5, 'socket:[102]');
	clock = 60_000;
	before = fs.calls.readlink;
	found = await owners.resolve([100, 101, 102, 200], signal());
	assert.equal(fs.calls.readlink - before, 3);
	assert.deepEqual(found, new Map([100, 200, 102].map((inode) => [inode, server])));
	// fd 3 closed and no new inode: only the next full walk can tell, and it does.
	await fake.setFd(10, 3, null);
	clock = 90_000;
	found = await owners.resolve([100, 101, 102, 200], signal());
	assert.deepEqual([...found.keys()].sort(), [102, 200]);
});

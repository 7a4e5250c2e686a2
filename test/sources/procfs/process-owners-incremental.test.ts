// Incremental walks: after the first walk, a walk reads only the fd links it cannot
// trust (new fd numbers, numbers freed by a closed socket, processes that are new or
// whose pid was reused), and the periodic full walk reads every link again.
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {after, test} from 'node:test';
import {createProcessOwners} from '../../../source/sources/procfs/process-owners.js';
import {type CountingFs, countingFs, createFakeProc, type FakeProc} from './fake-proc.js';

const fakes: FakeProc[] = [];
after(() => Promise.all(fakes.map((fake) => fake.remove())));
const fakeProc = async (...args: Parameters<typeof createFakeProc>) => {
	const fake = await createFakeProc(...args);
	fakes.push(fake);
	return fake;
};
const signal = () => new AbortController().signal;
const range = (from: number, count: number) => Array.from({length: count}, (_, i) => from + i);
/** fs calls made by `run`. */
async function cost<T>(fs: CountingFs, run: () => Promise<T>) {
	const before = {...fs.calls};
	const value = await run();
	const calls = {
		readdir: fs.calls.readdir - before.readdir,
		readlink: fs.calls.readlink - before.readlink,
		readFile: fs.calls.readFile - before.readFile,
	};
	return {value, calls};
}

test('a new socket in a process with N known sockets costs 1 readlink, not N', async () => {
	const N = 200;
	const fds = Object.fromEntries(range(3, N).map((fd) => [fd, `socket:[${fd + 1000}]`]));
	const fake = await fakeProc([
		{pid: 10, comm: 'holder', fds: {0: '/dev/null', 1: 'pipe:[5]', ...fds}},
		{pid: 20, comm: 'files', fds: {0: '/dev/null', 1: '/var/log/x', 2: 'anon_inode:[eventfd]'}},
	]);
	const fs = countingFs();
	let clock = 0;
	const owners = createProcessOwners({root: fake.root, fs, now: () => clock});
	const sockets = range(1003, N);
	const first = await cost(fs, () => owners.resolve(sockets, signal()));
	assert.equal(first.calls.readlink, N + 2 + 3, 'the first walk reads every link');
	assert.equal(first.value.size, N);

	await fake.setFd(10, N + 3, 'socket:[5000]');
	clock = 2000;
	const next = await cost(fs, () => owners.resolve([...sockets, 5000], signal()));
	assert.deepEqual(
		next.calls,
		{readdir: 3, readlink: 1, readFile: 2 + 1},
		'/proc and 2 fd dirs; 2 stat + 1 comm',
	);
	assert.deepEqual(next.value.get(5000), [{pid: 10, process: 'holder'}]);
	assert.equal(next.value.size, N + 1);
	assert.equal(owners.walks, 2);
	assert.equal(owners.fullWalks, 1);
});

test('a closed socket whose fd number is reused by a new socket is attributed to it', async () => {
	const fake = await fakeProc([
		{pid: 10, comm: 'a', fds: {3: 'socket:[100]', 4: 'socket:[101]', 5: 'socket:[102]'}},
		{pid: 11, comm: 'b', fds: {3: 'socket:[200]'}},
	]);
	const fs = countingFs();
	let clock = 0;
	const owners = createProcessOwners({root: fake.root, fs, now: () => clock});
	await owners.resolve([100, 101, 102, 200], signal());

	// 101 closes; pid 10's next socket gets the lowest free number, 4.
	await fake.setFd(10, 4, 'socket:[103]');
	clock = 2000;
	const {value, calls} = await cost(fs, () => owners.resolve([100, 102, 103, 200], signal()));
	assert.equal(calls.readlink, 1, 'only the freed number is read');
	assert.deepEqual(value.get(103), [{pid: 10, process: 'a'}]);
	assert.equal(value.has(101), false);
	assert.deepEqual([...value.keys()].sort(), [100, 102, 103, 200]);

	// The same again, with the new socket in the other process: 102 closes, pid 11 gets 104,
	// and pid 10 reuses 5 for a file. 102 must not come back, 5 is read once.
	await fake.setFd(10, 5, '/dev/null');
	await fake.setFd(11, 4, 'socket:[104]');
	clock = 4000;
	const again = await cost(fs, () => owners.resolve([100, 103, 104, 200], signal()));
	assert.equal(again.calls.readlink, 2, "pid 10's freed number and pid 11's new one");
	assert.deepEqual(again.value.get(104), [{pid: 11, process: 'b'}]);
	assert.deepEqual(again.value.get(103), [{pid: 10, process: 'a'}]);
});

test('a pid reused by another process (another start time) is read in full', async () => {
	const fake = await fakeProc([
		{pid: 10, comm: 'old', starttime: 1000, fds: {3: 'socket:[100]', 4: 'socket:[101]'}},
		{pid: 11, comm: 'sibling', fds: {3: 'socket:[100]'}}, // keeps 100 alive when pid 10 exits
	]);
	const fs = countingFs();
	let clock = 0;
	const owners = createProcessOwners({root: fake.root, fs, now: () => clock});
	const before = await owners.resolve([100, 101], signal());
	assert.deepEqual(
		before.get(100)?.map((owner) => owner.pid),
		[10, 11],
	);

	// pid 10 exits (101 closes with it) and a new process gets pid 10, with the same fd
	// numbers: trusting the old fd 3 would keep pid 10 as an owner of 100 and miss 200.
	await fake.removeProcess(10);
	await fake.addProcess({
		pid: 10,
		comm: 'new (one) 1 2', // parentheses and spaces in comm must not confuse the stat parser
		starttime: 98_765,
		fds: {3: 'socket:[200]', 4: '/dev/null'},
	});
	clock = 2000;
	const {value, calls} = await cost(fs, () => owners.resolve([100, 200], signal()));
	assert.equal(calls.readlink, 2, "all of the new pid 10's fds, none of pid 11's");
	assert.deepEqual(value.get(100), [{pid: 11, process: 'sibling'}]);
	assert.deepEqual(value.get(200), [{pid: 10, process: 'new (one) 1 2'}]);
});

test('an fd number that was not a socket (file, unix socket), reused for a new socket, is found', async () => {
	const fake = await fakeProc([
		{
			pid: 10,
			comm: 'a',
			fds: {0: '/dev/null', 3: 'socket:[100]', 4: '/tmp/log', 5: 'socket:[7777]'}, // 7777: a unix socket
		},
		{pid: 11, comm: 'b', fds: {3: 'socket:[200]'}},
	]);
	const fs = countingFs();
	let clock = 0;
	const owners = createProcessOwners({root: fake.root, fs, now: () => clock});
	await owners.resolve([100, 200], signal());

	await fake.setFd(10, 4, 'socket:[300]'); // the file closed, a socket took its number
	clock = 2000;
	const file = await cost(fs, () => owners.resolve([100, 200, 300], signal()));
	assert.deepEqual(file.value.get(300), [{pid: 10, process: 'a'}]);
	assert.ok(file.calls.readlink <= 3, `only fds that are not known TCP/UDP sockets: ${file.calls.readlink}`);

	await fake.setFd(10, 5, 'socket:[301]'); // the unix socket closed, a TCP socket took its number
	clock = 4000;
	const unix = await cost(fs, () => owners.resolve([100, 200, 300, 301], signal()));
	assert.deepEqual(unix.value.get(301), [{pid: 10, process: 'a'}]);
	assert.deepEqual(unix.value.get(300), [{pid: 10, process: 'a'}]);
	assert.equal(owners.fullWalks, 1);
});

test('fds that are not sockets are not read again when the new socket is found elsewhere', async () => {
	const files = Object.fromEntries(range(3, 50).map((fd) => [fd, `/data/file${fd}`]));
	const fake = await fakeProc([
		{pid: 10, comm: 'files', fds: files},
		{pid: 11, comm: 'net', fds: {3: 'socket:[100]'}},
	]);
	const fs = countingFs();
	let clock = 0;
	const owners = createProcessOwners({root: fake.root, fs, now: () => clock});
	await owners.resolve([100], signal());
	await fake.addProcess({pid: 12, comm: 'client', fds: {3: 'socket:[101]'}});
	clock = 2000;
	const {value, calls} = await cost(fs, () => owners.resolve([100, 101], signal()));
	assert.equal(calls.readlink, 1);
	assert.deepEqual(value.get(101), [{pid: 12, process: 'client'}]);
});

test('a socket seen before it was in the tables (unbound) is resolved from the fd cache', async () => {
	const fake = await fakeProc([{pid: 10, comm: 'a', fds: {3: 'socket:[100]', 4: 'socket:[400]'}}]);
	const fs = countingFs();
	let clock = 0;
	const owners = createProcessOwners({root: fake.root, fs, now: () => clock});
	await owners.resolve([100], signal()); // 400 not listed yet: created, not bound
	clock = 2000;
	const {value, calls} = await cost(fs, () => owners.resolve([100, 400], signal()));
	assert.equal(owners.walks, 2);
	assert.equal(calls.readlink, 0);
	assert.deepEqual(value.get(400), [{pid: 10, process: 'a'}]);
});

test('vanished processes leave the owners at the next walk; the full walk re-reads every link', async () => {
	const fake = await fakeProc([
		{pid: 10, comm: 'a', fds: {3: 'socket:[100]', 4: 'socket:[101]'}},
		{pid: 11, comm: 'b', fds: {3: 'socket:[100]'}},
		{pid: 12, comm: 'c', fds: {3: 'socket:[100]'}},
	]);
	const fs = countingFs();
	let clock = 0;
	const owners = createProcessOwners({root: fake.root, fs, now: () => clock, rewalkMs: 30_000});
	await owners.resolve([100, 101], signal());

	await fake.removeProcess(12);
	await fake.setFd(11, 4, 'socket:[102]');
	clock = 2000;
	const after12 = await owners.resolve([100, 101, 102], signal());
	assert.deepEqual(
		after12.get(100)?.map((owner) => owner.pid),
		[10, 11],
	);

	// pid 10 closes its fd 3 on the shared 100 and opens a file under the same number. Nothing
	// cheap shows that (100 is still in the tables), so the full walk must set it right.
	await fake.setFd(10, 3, '/dev/null');
	clock = 30_000;
	const {value, calls} = await cost(fs, () => owners.resolve([100, 101, 102], signal()));
	assert.equal(owners.fullWalks, 2);
	assert.equal(calls.readlink, 2 + 2, 'every link of pids 10 and 11');
	assert.deepEqual(value.get(100), [{pid: 11, process: 'b'}]);
	assert.deepEqual(value.get(101), [{pid: 10, process: 'a'}]);
	assert.deepEqual(value.get(102), [{pid: 11, process: 'b'}]);
});

test('a process whose start time cannot be read is never trusted: read in full at every walk', async () => {
	const fake = await fakeProc([
		{pid: 10, comm: 'a', fds: {3: 'socket:[100]', 4: 'socket:[101]'}},
		{pid: 11, comm: 'b', fds: {3: 'socket:[200]'}},
	]);
	const fs = countingFs((op, path) =>
		op === 'readFile' && path === join(fake.root, '10', 'stat') ? 'EACCES' : undefined,
	);
	let clock = 0;
	const owners = createProcessOwners({root: fake.root, fs, now: () => clock});
	await owners.resolve([100, 101, 200], signal());
	await fake.setFd(11, 4, 'socket:[201]');
	clock = 2000;
	const {value, calls} = await cost(fs, () => owners.resolve([100, 101, 200, 201], signal()));
	assert.equal(calls.readlink, 2 + 1);
	assert.deepEqual(value.get(100), [{pid: 10, process: 'a'}]);
	assert.deepEqual(value.get(201), [{pid: 11, process: 'b'}]);
});

test('abort during an incremental walk keeps the previous knowledge; the next walk is right', async () => {
	const fds = Object.fromEntries(range(3, 30).map((fd) => [fd, `socket:[${fd + 1000}]`]));
	const fake = await fakeProc([{pid: 10, comm: 'a', fds}]);
	let abortAt = Number.POSITIVE_INFINITY;
	const controller = new AbortController();
	const fs = countingFs((op) => {
		if (op === 'readlink' && fs.calls.readlink === abortAt) controller.abort(new Error('stop'));
		return undefined;
	});
	let clock = 0;
	const owners = createProcessOwners({root: fake.root, fs, now: () => clock});
	const sockets = range(1003, 30);
	await owners.resolve(sockets, signal());

	for (const fd of [33, 34, 35]) await fake.setFd(10, fd, `socket:[${fd + 1000}]`);
	clock = 2000;
	abortAt = fs.calls.readlink + 2;
	await assert.rejects(owners.resolve([...sockets, 1033, 1034, 1035], controller.signal), {message: 'stop'});
	assert.equal(owners.walks, 1);
	const {value, calls} = await cost(fs, () => owners.resolve([...sockets, 1033, 1034, 1035], signal()));
	assert.equal(calls.readlink, 3, 'an incremental walk, from the knowledge before the aborted one');
	assert.equal(value.size, 33);
	assert.deepEqual(value.get(1035), [{pid: 10, process: 'a'}]);
});

test('fd links that cannot be read (EACCES) are not retried at every walk, only by the full walk', async () => {
	const fake = await fakeProc([
		{pid: 1, comm: 'guarded', fds: {0: '/dev/null', 3: 'socket:[100]', 4: 'socket:[101]'}},
		{pid: 10, comm: 'a', fds: {3: 'socket:[200]'}},
	]);
	const fs = countingFs((op, path) =>
		op === 'readlink' && path.startsWith(join(fake.root, '1', 'fd')) ? 'EACCES' : undefined,
	);
	let clock = 0;
	const owners = createProcessOwners({root: fake.root, fs, now: () => clock, rewalkMs: 30_000});
	const first = await cost(fs, () => owners.resolve([100, 101, 200], signal()));
	assert.equal(first.calls.readlink, 3 + 1);
	assert.deepEqual([...first.value.keys()], [200]);

	await fake.setFd(10, 4, 'socket:[201]');
	await fake.addProcess({pid: 11, comm: 'b', fds: {3: 'socket:[202]'}});
	clock = 2000;
	const next = await cost(fs, () => owners.resolve([100, 101, 200, 201, 202, 203], signal())); // 203: no owner
	assert.equal(next.calls.readlink, 2, 'the two new fds; none of the unreadable ones, even for 203');
	assert.deepEqual(next.value.get(201), [{pid: 10, process: 'a'}]);
	assert.deepEqual(next.value.get(202), [{pid: 11, process: 'b'}]);

	clock = 30_000;
	const full = await cost(fs, () => owners.resolve([100, 101, 200, 201, 202, 203], signal()));
	assert.equal(full.calls.readlink, 3 + 2 + 1);
});

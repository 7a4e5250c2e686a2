// settleSeed (process-owners.ts): the owners of a walk made elsewhere, in one pass over its fds
// (docs/cold-read.md, seventh pass). The same answers as a walk made here: a socket shared by
// processes lists them pid ascending, one held twice by a process lists it once, a holder that
// exited before its name was read is left out (alone: no owner), and the sockets found by
// nobody are only worked out when a next read needs them.
import assert from 'node:assert/strict';
import {after, test} from 'node:test';
import {walkAllFds} from '../../../source/sources/procfs/fd-walk.js';
import {createProcessOwners} from '../../../source/sources/procfs/process-owners.js';
import {countingFs, createFakeProc, type FakeProc, type FakeProcess} from './fake-proc.js';

const fakes: FakeProc[] = [];
after(() => Promise.all(fakes.map((fake) => fake.remove())));
const signal = () => new AbortController().signal;

const PROCESSES: readonly FakeProcess[] = [
	{pid: 40, comm: 'gone', fds: {3: 'socket:[500]', 4: 'socket:[501]'}},
	{pid: 30, comm: 'b', fds: {3: 'socket:[501]', 4: 'socket:[502]', 5: 'socket:[503]', 6: 'socket:[502]'}},
	{pid: 20, comm: 'a', fds: {3: 'socket:[503]', 4: 'socket:[504]', 5: 'socket:[999]'}},
	{pid: 10, comm: 'c', fds: {3: 'socket:[503]', 9: 'pipe:[7]'}},
];
const WANTED = [500, 501, 502, 503, 504, 4242];

async function resolveBoth(): Promise<{seeded: Map<number, unknown>; here: Map<number, unknown>}> {
	const fake = await createFakeProc(PROCESSES);
	fakes.push(fake);
	// pid 40 exits between the walk and the reading of names: its comm cannot be read.
	const fs = countingFs((op, path) =>
		op === 'readFile' && path.endsWith('/40/comm') ? 'ENOENT' : undefined,
	);
	const seed = walkAllFds(countingFs(), fake.root);
	const seeded = createProcessOwners({root: fake.root, fs, seed: () => Promise.resolve(seed)});
	const here = createProcessOwners({root: fake.root, fs});
	return {
		seeded: new Map(await seeded.resolve(WANTED, signal())),
		here: new Map(await here.resolve(WANTED, signal())),
	};
}

test('a seed walk gives the owners a walk made here gives: shared, held twice, exited holders', async () => {
	const {seeded, here} = await resolveBoth();
	assert.deepEqual(seeded, here);
	assert.deepEqual(
		seeded,
		new Map([
			[501, [{pid: 30, process: 'b'}]],
			[502, [{pid: 30, process: 'b'}]],
			[
				503,
				[
					{pid: 10, process: 'c'},
					{pid: 20, process: 'a'},
					{pid: 30, process: 'b'},
				],
			],
			[504, [{pid: 20, process: 'a'}]],
		]),
	);
});

test('after a seed walk, a socket nobody holds is not looked for again until it is new', async () => {
	const fake = await createFakeProc(PROCESSES.slice(1));
	fakes.push(fake);
	const seed = walkAllFds(countingFs(), fake.root);
	const fs = countingFs();
	const owners = createProcessOwners({root: fake.root, fs, seed: () => Promise.resolve(seed)});
	await owners.resolve(WANTED, signal());
	assert.equal(owners.walks, 1);
	const again = await owners.resolve(WANTED, signal());
	assert.equal(owners.walks, 1, 'no walk: 4242 and 500 were looked for and not found');
	assert.deepEqual(again.get(504), [{pid: 20, process: 'a'}]);
	await owners.resolve([...WANTED, 4343], signal());
	assert.equal(owners.walks, 2, 'a new socket is looked for');
});

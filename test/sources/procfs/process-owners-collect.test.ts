import assert from 'node:assert/strict';
import {after, mock, test} from 'node:test';
import {createProcessOwners} from '../../../source/sources/procfs/process-owners.js';
import {AFTER_WALK_MS, startHeapTrim} from '../../../source/threads/heap-trim.js';
import {globalGc, restoreGcAfterEach} from '../../helpers/gc-stub.js';
import {createFakeProc, type FakeProc} from './fake-proc.js';

const fakes: FakeProc[] = [];
after(() => Promise.all(fakes.map((fake) => fake.remove())));
restoreGcAfterEach();

// The full walk's replaced maps are old-generation garbage: the thread's heap trim is asked to
// collect right after it (heap-trim.ts collectSoon), not up to 20 s later; an incremental walk
// (a new socket) does not ask.
test('a full owners walk brings the heap trim forward; an incremental walk does not', async () => {
	const fake = await createFakeProc([{pid: 10, comm: 'server', fds: {3: 'socket:[100]', 4: 'socket:[101]'}}]);
	fakes.push(fake);
	mock.timers.enable({apis: ['setInterval', 'setTimeout']});
	let collections = 0;
	globalGc.gc = () => {
		collections++;
	};
	const stop = startHeapTrim(20_000);
	let clock = 0;
	const owners = createProcessOwners({root: fake.root, now: () => clock, rewalkMs: 30_000});
	await owners.resolve([100], new AbortController().signal); // the first walk is a full one
	assert.equal(owners.fullWalks, 1);
	mock.timers.tick(AFTER_WALK_MS);
	assert.equal(collections, 1);
	clock = 10_000;
	await owners.resolve([100, 101], new AbortController().signal); // 101 new: an incremental walk
	assert.equal(owners.walks, 2);
	assert.equal(owners.fullWalks, 1);
	mock.timers.tick(AFTER_WALK_MS);
	assert.equal(collections, 1, 'no collection brought forward by an incremental walk');
	stop();
});

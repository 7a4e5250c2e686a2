import assert from 'node:assert/strict';
import {test} from 'node:test';
import {setImmediate as nextTurn} from 'node:timers/promises';
import {createDataDrawn, firstDataWithin} from '../../source/store/data-drawn.js';
import type {PollStore} from '../../source/store/poll-store.js';
import type {Snapshot} from '../../source/store/snapshot.js';

/** A store whose snapshot the test sets, calling the subscribers as a publish does. */
function fakeStore() {
	let snapshot = {lastGoodAt: null, error: null} as unknown as Snapshot;
	const listeners = new Set<() => void>();
	const store: Pick<PollStore, 'subscribe' | 'getSnapshot'> = {
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		getSnapshot: () => snapshot,
	};
	const publish = (next: Partial<Snapshot>) => {
		snapshot = {...snapshot, ...next};
		for (const listener of [...listeners]) listener();
	};
	return {store, publish, listeners};
}

const settled = (promise: Promise<unknown>) => {
	let done = false;
	void promise.then(() => {
		done = true;
	});
	return () => done;
};

async function turns(count: number) {
	for (let i = 0; i < count; i++) await nextTurn();
}

test('drawn opens after the first frame rendered with data, not after frames without it', async () => {
	const {store, publish, listeners} = fakeStore();
	const gate = createDataDrawn(store, 60_000);
	const opened = settled(gate.drawn);
	gate.onFrame(); // the loading frame
	await new Promise((resolve) => setTimeout(resolve, 5));
	assert.equal(opened(), false, 'a frame before any data opens nothing');
	publish({lastGoodAt: 1});
	await new Promise((resolve) => setTimeout(resolve, 5));
	assert.equal(opened(), false, 'data published but not drawn yet');
	gate.onFrame();
	assert.equal(opened(), false, 'not within the frame itself: Ink writes right after onFrame');
	await gate.drawn;
	assert.equal(listeners.size, 0, 'unsubscribed once open');
});

test('a first failure counts as data: its frame opens the gate', async () => {
	const {store, publish} = fakeStore();
	const gate = createDataDrawn(store, 60_000);
	publish({error: 'procfs: permission denied'} as Partial<Snapshot>);
	gate.onFrame();
	await gate.drawn;
});

test('without any frame the gate opens on its own after the fallback, counted from the data', async () => {
	const {store, publish} = fakeStore();
	const gate = createDataDrawn(store, 20);
	const opened = settled(gate.drawn);
	await new Promise((resolve) => setTimeout(resolve, 60));
	assert.equal(opened(), false, 'no data yet: no fallback running');
	publish({lastGoodAt: 1});
	await gate.drawn;
});

test('cancel: the gate never opens, and the store is left alone', async () => {
	const {store, publish, listeners} = fakeStore();
	const gate = createDataDrawn(store, 10);
	const opened = settled(gate.drawn);
	publish({lastGoodAt: 1});
	gate.cancel();
	gate.onFrame();
	await new Promise((resolve) => setTimeout(resolve, 40));
	assert.equal(opened(), false);
	assert.equal(listeners.size, 0);
});

test('firstDataWithin: true when the data comes in time, false after the bound', async () => {
	const early = fakeStore();
	const waiting = firstDataWithin(early.store, 60_000);
	await turns(2);
	early.publish({lastGoodAt: 1});
	assert.equal(await waiting, true);
	assert.equal(early.listeners.size, 0);
	assert.equal(await firstDataWithin(early.store, 60_000), true, 'already there');
	const late = fakeStore();
	assert.equal(await firstDataWithin(late.store, 10), false);
	assert.equal(late.listeners.size, 0);
});

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {setImmediate as nextTurn} from 'node:timers/promises';
import type {DeltaFeed} from '../../source/store/delta-feed.js';
import {holdLaterReads} from '../../source/store/held-feed.js';
import type {PendingDelta} from '../../source/store/record-differ.js';

function countingFeed() {
	const reads: (boolean | undefined)[] = [];
	let closed = 0;
	const feed: DeltaFeed = {
		name: 'procfs',
		read: async (_signal, hints) => {
			reads.push(hints?.ownersLater);
			return {} as PendingDelta;
		},
		close: () => {
			closed++;
		},
	};
	return {feed, reads, closed: () => closed};
}

async function turns(count: number) {
	for (let i = 0; i < count; i++) await nextTurn();
}

test('the first read goes through at once; the next waits for the gate, with its hints', async () => {
	const {feed, reads} = countingFeed();
	let open = () => {};
	const held = holdLaterReads(
		feed,
		new Promise<void>((resolve) => {
			open = resolve;
		}),
	);
	assert.equal(held.name, 'procfs');
	await held.read(new AbortController().signal, {ownersLater: true});
	assert.deepEqual(reads, [true]);
	const second = held.read(new AbortController().signal);
	await turns(10);
	assert.deepEqual(reads, [true], 'held until the gate opens');
	open();
	await second;
	assert.deepEqual(reads, [true, undefined]);
	await held.read(new AbortController().signal);
	assert.equal(reads.length, 3, 'once open, reads pass straight through');
});

test('a held read that is aborted rejects and never reaches the feed; close is passed on', async () => {
	const {feed, reads, closed} = countingFeed();
	const held = holdLaterReads(feed, new Promise<void>(() => {}));
	await held.read(new AbortController().signal);
	const controller = new AbortController();
	const second = held.read(controller.signal);
	controller.abort(new Error('stopped'));
	await assert.rejects(second, /stopped/);
	const aborted = new AbortController();
	aborted.abort(new Error('already'));
	await assert.rejects(held.read(aborted.signal), /already/);
	assert.equal(reads.length, 1);
	held.close();
	assert.equal(closed(), 1);
});

// The dashboard keeps V8's optimizing compiler off while its table is small (issue 14,
// threads/optimizing-compiler.ts): the feed reports the size of the table read on this thread,
// before the first read and after each one, and null once the reads go to a worker.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {createWorkerFeed} from '../../source/store/worker-feed.js';
import {storeSamples} from '../helpers/records.js';
import {closedAfterTests, scriptedFeedSpec} from '../helpers/scripted-feed.js';

const spec = scriptedFeedSpec([
	{records: [storeSamples.web, storeSamples.ssh]},
	{records: [storeSamples.web]},
]);
const feeds = closedAfterTests();
const signal = () => new AbortController().signal;

async function sizesSeen(mainThreadUpTo: number, expected: number | null, reads: number) {
	const sizes: (number | null)[] = [];
	const feed = createWorkerFeed(spec, {
		mainThreadUpTo,
		expectedSockets: () => expected,
		onTableSize: (sockets) => sizes.push(sockets),
	});
	feeds.push(feed);
	for (let i = 0; i < reads; i++) (await feed.read(signal())).commit();
	return sizes;
}

describe('worker feed, table size', () => {
	it("on this thread: sockstat's count first, then each read's", async () => {
		assert.deepEqual(await sizesSeen(10, 5, 2), [5, 2, 1]);
	});

	it('unknown beforehand: null first', async () => {
		assert.deepEqual(await sizesSeen(10, null, 1), [null, 2]);
	});

	it('a table bigger than this thread takes: null once the reads move to a worker, nothing after', async () => {
		assert.deepEqual(await sizesSeen(1, 1, 2), [1, null]);
	});

	it('on a worker from the start: null', async () => {
		assert.deepEqual(await sizesSeen(0, 5, 1), [null]);
	});
});

// The dashboard hands back the memory its start took once the first full table is drawn
// (issue 14): the feed says when, once, and only for a table that carries the owners.
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

describe('worker feed, first full table', () => {
	for (const [where, mainThreadUpTo] of [
		['on a worker thread', 0],
		['on this thread', 10],
	] as const)
		it(`${where}: onFullTable once the owners' delta is applied, not for the tables alone, and only once`, async () => {
			let calls = 0;
			const feed = createWorkerFeed(spec, {mainThreadUpTo, onFullTable: () => calls++});
			feeds.push(feed);
			const tables = await feed.read(signal(), {ownersLater: true});
			assert.equal(tables.delta.ownersPending, true);
			tables.commit();
			assert.equal(calls, 0, 'the tables-only delta has no owners yet');
			const owners = await feed.read(signal());
			assert.equal(calls, 0, 'not before the store has applied it');
			owners.commit();
			assert.equal(calls, 1);
			const next = await feed.read(signal());
			next.commit();
			assert.equal(calls, 1, 'once');
		});

	it('a full first read (no tables-first hint) is the full table', async () => {
		let calls = 0;
		const feed = createWorkerFeed(spec, {mainThreadUpTo: 10, onFullTable: () => calls++});
		feeds.push(feed);
		const first = await feed.read(signal());
		assert.equal(calls, 0);
		first.commit();
		assert.equal(calls, 1);
	});
});

// Tables first through the dashboard's feed (issue 14): the hint reaches the source on the
// worker thread and on this one, and the first delta says the owners are pending.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {createWorkerFeed} from '../../source/store/worker-feed.js';
import {storeSamples} from '../helpers/records.js';
import {closedAfterTests, scriptedFeedSpec} from '../helpers/scripted-feed.js';

const spec = scriptedFeedSpec([{records: [storeSamples.web, storeSamples.ssh]}]);
const feeds = closedAfterTests();
const signal = () => new AbortController().signal;

describe('worker feed, tables first', () => {
	for (const [where, mainThreadUpTo] of [
		['on a worker thread', 0],
		['on this thread', 10],
	] as const)
		it(`${where}: a tables-only delta, then the owners as changes`, async () => {
			const feed = createWorkerFeed(spec, {mainThreadUpTo});
			feeds.push(feed);
			const tables = await feed.read(signal(), {ownersLater: true});
			assert.equal(feed.onWorker, mainThreadUpTo === 0);
			assert.equal(tables.delta.ownersPending, true);
			assert.equal(tables.delta.full, true);
			assert.deepEqual(
				tables.delta.upserts.map(([, record]) => [record.localPort, record.pid]),
				[
					[80, null],
					[22, null],
				],
			);
			tables.commit();
			const owners = await feed.read(signal());
			assert.equal(owners.delta.ownersPending, undefined);
			assert.equal(owners.delta.full, false);
			assert.deepEqual(
				owners.delta.upserts.map(([, record]) => [record.localPort, record.pid]),
				[
					[80, 10],
					[22, 11],
				],
			);
		});
});

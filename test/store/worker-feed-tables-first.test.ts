// Tables first through the dashboard's feed (issue 14): the hint reaches the source on the
// worker thread and on this one, and the first delta says the owners are pending.
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import type {FeedSpec} from '../../source/store/feed-spec.js';
import {createWorkerFeed} from '../../source/store/worker-feed.js';
import {storeSamples} from '../helpers/records.js';

const SCRIPTED = new URL('../helpers/scripted-source.ts', import.meta.url).href;
const spec: FeedSpec = {
	kind: 'module',
	name: 'procfs',
	url: SCRIPTED,
	exportName: 'createScriptedSource',
	args: [[{records: [storeSamples.web, storeSamples.ssh]}]],
};
const feeds: {close(): void}[] = [];
after(() => {
	for (const feed of feeds) feed.close();
});
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

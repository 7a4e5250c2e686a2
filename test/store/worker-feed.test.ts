// The worker-thread feed with a real worker: the scripted source (test/helpers) is built
// on the worker from cloneable steps.
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {SourceError} from '../../source/sources/source.js';
import type {FeedSpec} from '../../source/store/feed-spec.js';
import {createPollStore} from '../../source/store/poll-store.js';
import {openRecords, type Row, type Snapshot} from '../../source/store/snapshot.js';
import {createWorkerFeed, type WorkerFeedOptions} from '../../source/store/worker-feed.js';
import {storeSamples} from '../helpers/records.js';
import type {ScriptedStep} from '../helpers/scripted-source.js';

const SCRIPTED = new URL('../helpers/scripted-source.ts', import.meta.url).href;
const spec = (steps: ScriptedStep[]): FeedSpec => ({
	kind: 'module',
	name: 'procfs',
	url: SCRIPTED,
	exportName: 'createScriptedSource',
	args: [steps],
});

const {web, ssh, conn} = storeSamples;

const feeds: {close(): void}[] = [];
after(() => {
	for (const feed of feeds) feed.close();
});
function open(steps: ScriptedStep[], options?: WorkerFeedOptions) {
	const feed = createWorkerFeed(spec(steps), options);
	feeds.push(feed);
	return feed;
}
const signal = () => new AbortController().signal;

describe('worker feed', () => {
	it('a small table is read on this thread, with no worker; the first bigger one moves reads to a worker', async () => {
		const feed = open([{records: [web]}, {records: [web, ssh]}, {records: [web, ssh]}], {mainThreadUpTo: 1});
		const first = await feed.read(signal());
		assert.equal(feed.onWorker, false);
		assert.equal(first.delta.full, true);
		first.commit();
		const second = await feed.read(signal());
		assert.deepEqual(
			second.delta.upserts.map(([, record]) => record),
			[ssh],
			'the bigger table still comes from this thread, as a change',
		);
		assert.equal(feed.onWorker, true);
		second.commit();
		// The worker builds its own source, which plays its script from the start; its first delta is full.
		const third = await feed.read(signal());
		assert.equal(third.delta.full, true);
		assert.deepEqual(
			third.delta.upserts.map(([, record]) => record),
			[web],
		);
	});

	it("the product's own source starts on this thread unless the kernel counts more sockets than that", () => {
		for (const [expected, onWorker] of [
			[10, false],
			[null, false],
			[1_000_000, true],
		] as const) {
			const feed = createWorkerFeed({kind: 'select', choice: 'auto'}, {expectedSockets: () => expected});
			feeds.push(feed);
			assert.equal(feed.onWorker, onWorker, String(expected));
		}
		const module = open([{records: [web]}]);
		assert.equal(module.onWorker, true, 'a module spec (tests, benches) keeps a worker unless told');
	});

	it('sends a full delta, then only the changes once the last one was applied', async () => {
		const feed = open([{records: [web, ssh]}, {records: [ssh, conn]}, {records: [ssh, conn]}]);
		assert.equal(feed.name, 'procfs');
		const first = await feed.read(signal());
		assert.equal(first.delta.full, true);
		assert.deepEqual(
			first.delta.upserts.map(([, record]) => record),
			[web, ssh],
		);
		first.commit();
		const second = await feed.read(signal());
		assert.equal(second.delta.full, false);
		assert.deepEqual(
			second.delta.upserts.map(([, record]) => record),
			[conn],
		);
		assert.equal(second.delta.removed.length, 1);
		second.commit();
		const third = await feed.read(signal());
		assert.deepEqual([third.delta.upserts, third.delta.removed], [[], []], 'nothing changed');
	});

	it('a delta not applied is not the base of the next one', async () => {
		const feed = open([{records: [web]}, {records: [web, ssh]}, {records: [web, ssh]}]);
		(await feed.read(signal())).commit();
		const dropped = await feed.read(signal());
		assert.equal(dropped.delta.upserts.length, 1);
		const again = await feed.read(signal());
		assert.deepEqual(
			again.delta.upserts.map(([, record]) => record),
			[ssh],
		);
	});

	it("passes the source's error on as a SourceError with its code", async () => {
		const feed = open([{error: {code: 'EACCES', message: 'permission denied'}}]);
		await assert.rejects(feed.read(signal()), (error: unknown) => {
			assert.ok(error instanceof SourceError);
			assert.equal(error.code, 'EACCES');
			assert.equal(error.message, 'permission denied');
			return true;
		});
	});

	it('aborting a hung read reaches the source on the worker', async () => {
		const feed = open([{records: [web]}, {hang: true}]);
		(await feed.read(signal())).commit(); // the source is built and has answered once
		const controller = new AbortController();
		const reading = feed.read(controller.signal);
		setTimeout(() => controller.abort(), 50);
		await assert.rejects(
			reading,
			(error: unknown) => error instanceof SourceError && error.code === 'TIMEOUT',
		);
	});

	it('a worker that dies fails the read; the next read starts a new one, with a full delta', async () => {
		const feed = open([{records: [web]}, {exitThread: true}, {records: [web, ssh]}]);
		(await feed.read(signal())).commit();
		await assert.rejects(feed.read(signal()), /worker thread stopped: exited with code 7/);
		// The new worker plays its script from the start.
		const fresh = await feed.read(signal());
		assert.equal(fresh.delta.full, true);
		assert.deepEqual(
			fresh.delta.upserts.map(([, record]) => record),
			[web],
		);
	});

	it('closing fails a read in flight and ends the worker', async () => {
		const feed = open([{hang: true}]);
		const reading = feed.read(signal());
		feed.close();
		await assert.rejects(reading, /closed/);
	});

	it('drives a poll store: rows new, then closed, as on this thread', async () => {
		const feed = open([{records: [web]}, {records: [web, conn], unattributed: 2}, {records: [web]}]);
		const store = createPollStore({feed, intervalMs: 200, highlightMs: 60_000});
		const versions: ReturnType<typeof store.getSnapshot>[] = [];
		store.subscribe(() => versions.push(store.getSnapshot()));
		try {
			store.start();
			// Wait for the snapshots that show each state rather than counting them: a busy machine
			// adds "still reading" progress snapshots and may time a poll out. The deadline only
			// guards against a hang.
			const deadline = Date.now() + 30_000;
			const firstFrom = async (start: number, matches: (snapshot: Snapshot) => boolean) => {
				for (;;) {
					const index = versions.findIndex((snapshot, at) => at >= start && matches(snapshot));
					if (index >= 0) return index;
					if (Date.now() > deadline) assert.fail(`no such snapshot in ${versions.length}`);
					await new Promise((resolve) => setTimeout(resolve, 20));
				}
			};
			const isConn = (row: Row) => row.record.remotePort === 50000;
			const addedAt = await firstFrom(0, (snapshot) => snapshot.rows.some(isConn));
			const added = versions[addedAt]!;
			assert.equal(added.source, 'procfs');
			assert.deepEqual(openRecords(added), [web, conn]);
			const row = added.rows.find(isConn);
			assert.equal(row?.status, 'new');
			assert.deepEqual(added.added, [row?.key]);
			assert.equal(added.unattributed, 2);
			const closedAt = await firstFrom(addedAt + 1, (snapshot) => openRecords(snapshot).length === 1);
			const closed = versions[closedAt]!;
			assert.deepEqual(openRecords(closed), [web]);
			assert.equal(closed.rows.find((candidate) => candidate.key === row?.key)?.status, 'closed');
			assert.deepEqual(closed.removed, [row?.key]);
		} finally {
			store.stop();
		}
	});
});

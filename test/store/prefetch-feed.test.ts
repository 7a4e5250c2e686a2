// The dashboard's first read, started before the UI loads (prefetch-feed.ts): the store's
// first read gets that very delta; other reads go to the feed; aborts and close reach it.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {DeltaFeed} from '../../source/store/delta-feed.js';
import {prefetchFeed} from '../../source/store/prefetch-feed.js';
import type {PendingDelta} from '../../source/store/record-differ.js';

function recordingFeed() {
	const reads: {hints: unknown; signal: AbortSignal}[] = [];
	let closed = false;
	const feed: DeltaFeed = {
		name: 'procfs',
		read(signal, hints) {
			reads.push({hints, signal});
			const delta = {
				full: true,
				upserts: [],
				removed: [],
				unattributed: reads.length,
				unattributedCause: null,
				skippedLines: 0,
				warnings: [],
			};
			return Promise.resolve<PendingDelta>({delta, commit: () => {}});
		},
		close() {
			closed = true;
		},
	};
	return {feed, reads, closed: () => closed};
}

describe('prefetch feed', () => {
	it('reads at once; the first read with the same hints gets that delta, the next one reads again', async () => {
		const {feed, reads} = recordingFeed();
		const prefetched = prefetchFeed(feed, {ownersLater: true});
		assert.equal(reads.length, 1, 'started before anyone asked');
		assert.deepEqual(reads[0]!.hints, {ownersLater: true});
		const first = await prefetched.read(new AbortController().signal, {ownersLater: true});
		assert.equal(first.delta.unattributed, 1, 'the prefetched delta');
		assert.equal(reads.length, 1);
		const second = await prefetched.read(new AbortController().signal);
		assert.equal(second.delta.unattributed, 2);
		assert.equal(reads[1]!.hints, undefined);
	});

	it("aborting the store's read aborts the prefetch; a read with other hints gets a read of its own", async () => {
		const {feed, reads} = recordingFeed();
		const aborting = prefetchFeed(feed, {ownersLater: true});
		const controller = new AbortController();
		void aborting.read(controller.signal, {ownersLater: true});
		controller.abort();
		assert.equal(reads[0]!.signal.aborted, true);

		const other = recordingFeed();
		const mismatched = prefetchFeed(other.feed, {ownersLater: true});
		const full = await mismatched.read(new AbortController().signal);
		assert.equal(full.delta.unattributed, 2, 'not the tables-only delta');
		assert.equal(other.reads[0]!.signal.aborted, true, 'the unused prefetch is stopped');
	});

	it('close stops the prefetch and closes the feed', () => {
		const {feed, reads, closed} = recordingFeed();
		prefetchFeed(feed, {ownersLater: true}).close();
		assert.equal(reads[0]!.signal.aborted, true);
		assert.equal(closed(), true);
	});
});

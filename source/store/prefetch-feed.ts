import type {ReadHints} from '../sources/source.js';
import type {DeltaFeed} from './delta-feed.js';
import type {PendingDelta} from './record-differ.js';

/**
 * A feed whose first read starts now, before anyone asks: the dashboard starts it before it
 * loads React, Ink and yoga (cli.tsx), so the socket tables are read (on the feed's worker
 * thread, or between the module loads on this one) while the UI gets ready. The store's
 * first read with the same hints is answered by it; any other read, or one after the
 * prefetch was aborted, goes to the feed as usual. Aborting the store's read aborts the
 * prefetch; `close` too.
 */
export function prefetchFeed(feed: DeltaFeed, hints: Pick<ReadHints, 'ownersLater'>): DeltaFeed {
	const controller = new AbortController();
	let first: Promise<PendingDelta> | null = feed.read(controller.signal, hints);
	first.catch(() => {}); // reported to the read that takes it, not as an unhandled rejection
	return {
		name: feed.name,
		read(signal, readHints) {
			const prefetched = first;
			first = null;
			if (prefetched === null || Boolean(readHints?.ownersLater) !== Boolean(hints.ownersLater)) {
				if (prefetched !== null) controller.abort();
				return feed.read(signal, readHints);
			}
			if (signal.aborted) controller.abort();
			else signal.addEventListener('abort', () => controller.abort(), {once: true});
			return prefetched;
		},
		close() {
			first = null;
			controller.abort();
			feed.close();
		},
	};
}

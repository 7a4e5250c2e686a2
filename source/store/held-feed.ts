import type {DeltaFeed} from './delta-feed.js';

/**
 * FEED whose first read goes through at once and whose later reads start only once `gate`
 * has resolved: the dashboard holds the owners' read (the one right after the tables-only
 * first read) until the first frame is written (data-drawn.ts says why). A read aborted while
 * held rejects with the signal's reason and never reaches the feed.
 */
export function holdLaterReads(feed: DeltaFeed, gate: Promise<void>): DeltaFeed {
	let first = true;
	let open = false;
	void gate.then(() => {
		open = true;
	});
	return {
		name: feed.name,
		async read(signal, hints) {
			if (first || open) {
				first = false;
				return feed.read(signal, hints);
			}
			await new Promise<void>((resolve, reject) => {
				const onAbort = () => reject(signal.reason);
				if (signal.aborted) return onAbort();
				signal.addEventListener('abort', onAbort, {once: true});
				void gate.then(() => {
					signal.removeEventListener('abort', onAbort);
					resolve();
				});
			});
			return feed.read(signal, hints);
		},
		close: () => feed.close(),
	};
}

import {setImmediate as nextTurn} from 'node:timers/promises';
import type {ReadHints, SocketSource, SourceName} from '../sources/source.js';
import {type PendingDelta, RecordDiffer} from './record-differ.js';

/**
 * Where the store's deltas come from: a source read and diffed on this thread
 * (`inThreadFeed`), or on a worker thread (worker-feed.ts). `read` honours `signal` like a
 * source; the store commits a delta once it has applied it.
 */
export interface DeltaFeed {
	readonly name: SourceName;
	/** `hints.ownersLater`: the tables now, owners at a later read (only this one is passed on). */
	read(signal: AbortSignal, hints?: Pick<ReadHints, 'ownersLater'>): Promise<PendingDelta>;
	/** Releases what the feed holds (a worker thread); reads after it fail. */
	close(): void;
}

/**
 * Reads SOURCE and diffs on this thread. A big table is diffed in slices with a turn of
 * the event loop between them, so key presses are not held up behind 100,000 sockets.
 */
export function inThreadFeed(source: SocketSource): DeltaFeed {
	const differ = new RecordDiffer();
	return {
		name: source.name,
		async read(signal, hints) {
			const result = await source.read(signal, hints?.ownersLater ? {ownersLater: true} : undefined);
			return differ.diff(result, () => nextTurn());
		},
		close() {},
	};
}

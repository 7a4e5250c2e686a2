// `socktop --once` on a big table: the owner walk (fd-walk.ts) starts on a worker thread at
// once, and runs on the second core while this thread loads its modules, reads and parses
// the tables (`ss`, which it is measured against, is single-threaded). The procfs source
// takes the walk as its first full walk (process-owners.ts `seed`).
//
// A worker costs ≈30–40 ms to start and a few MB: below PREFETCH_FROM sockets the walk is
// cheaper than that and stays on this thread.
import {startModuleWorker} from '../../threads/start-module-worker.js';
import type {FdWalk} from './fd-walk.js';
import {countSockets} from './socket-count.js';

/** From this many sockets in /proc/net/sockstat, `--once` walks on a worker (see docs/cold-read.md). */
export const PREFETCH_FROM = 4000;

/**
 * The walk's garbage (one string per readlink) dies young: a small young generation keeps
 * the worker's share of `--once`'s peak memory down (the goal is ≤ 100 MB at 20,000 sockets).
 */
const WALK_LIMITS = {maxYoungGenerationSizeMb: 4};

export interface OwnerPrefetch {
	/** The walk, or null when the worker failed (the source then walks by itself). */
	readonly walk: Promise<FdWalk | null>;
	/** Stops the worker when its walk is not going to be used. */
	cancel(): void;
}

export function startOwnerPrefetch(root = '/proc'): OwnerPrefetch {
	const worker = startModuleWorker(import.meta.url, 'owner-walk-worker', {root}, WALK_LIMITS);
	const walk = new Promise<FdWalk | null>((resolve) => {
		worker.once('message', (message: {walk?: FdWalk; error?: string}) => resolve(message.walk ?? null));
		worker.once('error', () => resolve(null));
		worker.once('exit', () => resolve(null));
	});
	return {
		walk,
		cancel() {
			void worker.terminate();
		},
	};
}

/** Whether a `--once` read of this machine's table is big enough for the walk on a worker. */
export function prefetchPays(root = '/proc', from = PREFETCH_FROM): boolean {
	const sockets = countSockets(root);
	return sockets !== null && sockets >= from;
}

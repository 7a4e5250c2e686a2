// `socktop --once` on a big table: the owner walk (fd-walk.ts) starts on a worker thread at
// once, and runs on the second core while this thread loads its modules, reads and parses
// the tables (`ss`, which it is measured against, is single-threaded). The procfs source
// takes the walk as its first full walk (process-owners.ts `seed`); when it asks for it, this
// thread has parsed and helps: it reads link slices from the same shared counter until none
// is left, then waits for the worker's last slice (docs/cold-read.md, fourth pass).
//
// A worker costs ≈30–40 ms to start and a few MB: below PREFETCH_FROM sockets the walk is
// cheaper than that and stays on this thread.
import {startModuleWorker} from '../../threads/start-module-worker.js';
import {type FdListing, type FdWalk, fdSlicesDone, readFdSlices} from './fd-walk.js';
import {nodeProcFs} from './proc-fs.js';
import {countSockets} from './socket-count.js';

/** From this many sockets in /proc/net/sockstat, `--once` walks on a worker (see docs/cold-read.md). */
export const PREFETCH_FROM = 4000;

/**
 * The walk's garbage (one string per readlink) dies young: a small young generation keeps
 * the worker's share of `--once`'s peak memory down (the goal is ≤ 100 MB at 20,000 sockets).
 */
const WALK_LIMITS = {maxYoungGenerationSizeMb: 4};

export interface OwnerPrefetch {
	/**
	 * The walk, this thread helping with what is left of it (so: call it when this thread
	 * has nothing else to do), or null when the worker failed (the source then walks by
	 * itself). The same promise on every call.
	 */
	readonly walk: () => Promise<FdWalk | null>;
	/** Stops the worker when its walk is not going to be used. */
	cancel(): void;
}

export function startOwnerPrefetch(root = '/proc'): OwnerPrefetch {
	const worker = startModuleWorker(import.meta.url, 'owner-walk-worker', {root}, WALK_LIMITS);
	let listed: (listing: FdListing | null) => void = () => {};
	let ended: () => void = () => {};
	const listing = new Promise<FdListing | null>((resolve) => {
		listed = resolve;
	});
	const done = new Promise<void>((resolve) => {
		ended = resolve;
	});
	worker.on('message', (message: {listing?: FdListing; done?: true; error?: string}) => {
		if (message.listing) listed(message.listing);
		else if (message.done) ended();
		else listed(null);
	});
	const failed = () => {
		listed(null);
		ended();
	};
	worker.once('error', failed);
	worker.once('exit', failed);
	let joined: Promise<FdWalk | null> | undefined;
	const join = async () => {
		const shared = await listing;
		if (shared === null) return null;
		readFdSlices(nodeProcFs, root, shared);
		await done;
		// A worker that died inside a slice leaves it unread: then the source walks itself.
		return fdSlicesDone(shared) ? shared : null;
	};
	return {
		walk: () => {
			joined ??= join();
			return joined;
		},
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

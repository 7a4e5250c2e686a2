import {setImmediate as nextTurn} from 'node:timers/promises';
import type {Worker} from 'node:worker_threads';
import {HOSTS_ONLY_NAME} from '../model/host-status.js';
import type {SourceResult} from '../model/socket-record.js';
import {countSockets} from '../sources/procfs/socket-count.js';
import {sourceNameFor} from '../sources/select-source.js';
import {type ReadHints, type SocketSource, SourceError} from '../sources/source.js';
import {startModuleWorker} from '../threads/start-module-worker.js';
import type {DeltaFeed} from './delta-feed.js';
import {buildSource, type FeedReply, type FeedRequest, type FeedSpec} from './feed-spec.js';
import {internDelta, StringPool} from './intern-strings.js';
import {type PendingDelta, RecordDiffer} from './record-differ.js';

export interface WorkerFeedOptions {
	/**
	 * While the table has at most this many sockets, it is read and diffed on this thread
	 * and no worker is started; the first bigger table moves the reads to a worker for good.
	 * Default: MAIN_THREAD_UP_TO for the product's own source, 0 (always a worker) for a
	 * module's (tests and benchmarks bring those).
	 */
	readonly mainThreadUpTo?: number;
	/** Sockets the first read will find, if known beforehand (default: /proc/net/sockstat for procfs). */
	readonly expectedSockets?: () => number | null;
	/**
	 * Called once, when the store has applied the first delta that carries every socket with
	 * its owners (not the tables-only first read): the dashboard then hands back the memory
	 * the start took (threads/settle-heap.ts).
	 */
	readonly onFullTable?: () => void;
	/**
	 * Called with the sockets this thread's table holds: before the first read (sockstat's
	 * count, null when not known) and after each read here; null once the reads go to a worker.
	 * The dashboard keeps V8's optimizing compiler off for a small table (threads/optimizing-compiler.ts).
	 */
	readonly onTableSize?: (sockets: number | null) => void;
	/**
	 * Called with a tables-only result read on this thread, before the differ keys it: the
	 * dashboard draws its plain first frame from it (first-tables.ts). A worker's is not passed.
	 */
	readonly onTablesRead?: (result: SourceResult) => void;
}

/**
 * Up to here the table is read and diffed on this thread (the source and the differ yield in
 * slices), and no worker is started. A worker is an isolate of its own, a second copy of every
 * record (its differ's base) and the malloc arena of its thread: at 10,000 connections (20,001
 * sockets) the dashboard's VmRSS 25 s after the owners were drawn was 164–165 MB with the worker,
 * 134–136 MB without (peak 244–258 vs 169–182 MB; builds alternated, load 9–14,
 * bench/memory-ab.mjs; docs/memory.md). Key presses did not wait longer for it: j → screen in tmux
 * at 10,000 connections, median 248–427 ms with the worker, 275–391 ms without, p90 630–973 vs
 * 645–913 ms (load 17–20, docs/memory.md). Beyond, the worker keeps the polls of a very big table
 * (100,000 sockets: the soak bench's key presses) off the keys' thread.
 */
export const MAIN_THREAD_UP_TO = 30_000;

/**
 * The feed worker's young generation, capped: a poll's garbage is short-lived, and V8's
 * default lets new space grow to 3 × 16 MB. Env SOCKTOP_FEED_YOUNG_MB overrides it (benches).
 */
const FEED_WORKER_LIMITS = {maxYoungGenerationSizeMb: Number(process.env.SOCKTOP_FEED_YOUNG_MB) || 8};

/**
 * The dashboard's feed: on this thread for a small table, on a worker thread (below) once
 * the table is big. The worker's first delta is full, so the switch needs nothing more.
 */
export function createWorkerFeed(
	spec: FeedSpec,
	options: WorkerFeedOptions = {},
): DeltaFeed & {readonly onWorker: boolean} {
	const upTo = options.mainThreadUpTo ?? (spec.kind === 'select' ? MAIN_THREAD_UP_TO : 0);
	const remote = workerOnlyFeed(spec);
	let local: {source: Promise<SocketSource>; differ: RecordDiffer} | null = null;
	// A table already too big goes to the worker from the first read (sockstat counts them).
	const procfs = spec.kind === 'select' && sourceNameFor(spec.choice) === 'procfs';
	const expected = (options.expectedSockets ?? (procfs ? countSockets : () => null))();
	if (upTo > 0 && (expected === null || expected <= upTo)) {
		const source = buildSource(spec);
		source.catch(() => {}); // reported by the first read, not as an unhandled rejection
		local = {source, differ: new RecordDiffer()};
	}
	const onTableSize = options.onTableSize ?? (() => {});
	onTableSize(local === null ? null : expected);
	let fullTable = options.onFullTable ?? null;
	// The store commits a delta once it has applied it.
	const watch = (pending: PendingDelta): PendingDelta => {
		if (fullTable === null || pending.delta.ownersPending) return pending;
		return {
			delta: pending.delta,
			commit: () => {
				pending.commit();
				const call = fullTable;
				fullTable = null;
				call?.();
			},
		};
	};
	return {
		name: remote.name,
		get onWorker() {
			return local === null;
		},
		async read(signal, hints) {
			return watch(await readDelta(signal, hints));
		},
		close() {
			local = null;
			remote.close();
		},
	};

	async function readDelta(
		signal: AbortSignal,
		hints?: Pick<ReadHints, 'ownersLater'>,
	): Promise<PendingDelta> {
		if (local === null) return remote.read(signal, hints);
		const here = local;
		const source = await here.source;
		signal.throwIfAborted();
		const result = await source.read(signal, hints?.ownersLater ? {ownersLater: true} : undefined);
		if (result.ownersPending) options.onTablesRead?.(result);
		// Bigger than a main-thread table: this delta is still applied, the next comes from a worker.
		if (result.records.length > upTo && local === here) local = null;
		onTableSize(local === null ? null : result.records.length);
		return here.differ.diff(result, () => nextTurn());
	}
}

/**
 * A feed whose source is read and diffed on a worker thread (feed-worker.ts). With
 * 100,000 sockets a poll's parsing, keying and diffing, and the garbage they make,
 * stay off the thread that answers key presses; what crosses over is the delta.
 * The worker is started on the first read and again after it fails (its first delta
 * is then full); `close` ends it and never keeps the process alive.
 */
function workerOnlyFeed(spec: FeedSpec): DeltaFeed {
	let worker: Worker | null = null;
	let nextId = 1;
	// Whether the worker's last delta was applied (sent along with the next read).
	let applied = false;
	let waiting: {id: number; settle: (reply: FeedReply | Error) => void} | null = null;
	// The texts of the records received, one copy each (intern-strings.ts).
	const pool = new StringPool();

	const fail = (error: Error) => {
		worker = null;
		const current = waiting;
		waiting = null;
		current?.settle(error);
	};

	const start = (): Worker => {
		const started = startModuleWorker(import.meta.url, 'feed-worker', spec, FEED_WORKER_LIMITS);
		started.unref();
		started.on('message', (reply: FeedReply) => {
			if (waiting?.id !== reply.id) return;
			const current = waiting;
			waiting = null;
			current.settle(reply);
		});
		started.on('error', (error) => {
			if (worker === started) fail(error);
		});
		started.on('exit', (code) => {
			if (worker === started) fail(new Error(`exited with code ${code}`));
		});
		applied = false;
		return started;
	};

	return {
		name:
			spec.kind === 'select'
				? sourceNameFor(spec.choice)
				: spec.kind === 'hosts'
					? // --no-local reads nothing here: the header names the ssh links, not procfs.
						spec.config.local
						? sourceNameFor(spec.config.choice)
						: HOSTS_ONLY_NAME
					: spec.name,
		read(signal, hints) {
			worker ??= start();
			const thread = worker;
			const id = nextId++;
			const request: FeedRequest = {
				type: 'read',
				id,
				commit: applied,
				...(hints?.ownersLater ? {ownersLater: true} : {}),
			};
			applied = false;
			return new Promise<PendingDelta>((resolve, reject) => {
				const onAbort = () => thread.postMessage({type: 'abort', id} satisfies FeedRequest);
				signal.addEventListener('abort', onAbort, {once: true});
				waiting = {
					id,
					settle: (reply) => {
						signal.removeEventListener('abort', onAbort);
						if (reply instanceof Error) {
							reject(new SourceError('IO', `the source's worker thread stopped: ${reply.message}`));
						} else if (reply.type === 'error') {
							reject(new SourceError(reply.code, reply.message, reply.hosts));
						} else {
							internDelta(reply.delta, pool);
							resolve({
								delta: reply.delta,
								commit: () => {
									if (worker === thread) applied = true;
								},
							});
						}
					},
				};
				thread.postMessage(request);
			});
		},
		close() {
			const current = worker;
			fail(new Error('closed'));
			void current?.terminate();
		},
	};
}

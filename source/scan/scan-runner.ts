// The one place that decides where a scan's connects run, for the CLI and the
// dashboard alike: the engine (scanner.ts) always runs on the calling thread; the
// connects run on worker threads (threaded-connect.ts) only for scans big enough to
// gain from them. A small scan is over before workers would have started, so a
// top100 or top1000 scan starts none.
//
// Why connects on workers and not the whole engine per worker: measured with
// bench/scan-paths-bench.ts (and, before it was deleted, the engine-on-workers path
// alongside): loopback `--ports all` took about the same wall time either way, and
// this layout keeps one engine, so every rule (retries, EMFILE pauses, unreachable)
// lives in one place. See the README's benchmark section for the figures.

import type {ConnectFn, ScanReport} from './scan-types.js';
import {runScan, type ScanOptions} from './scanner.js';
import {probeTcp, tcpConnect} from './tcp-connect.js';
import {defaultThreadCount} from './thread-count.js';
import type {createThreadedConnect} from './threaded-connect.js';

/**
 * Connects started per turn of the event loop on this thread (scanner.ts `launchesPerTurn`).
 * On loopback every answer is in before connect() returns: with all 1,000 of a top1000 scan
 * started in one go, all 1,000 attempts (handles, requests, closures) were alive at once and
 * V8's scavenges copied and promoted them. 64 at a time, the loop takes their answers
 * between batches, and the attempts die young. Main-thread CPU from the first connect to the
 * exit, medians of 12 alternated runs (load ≈ 10): 55.2 ms starting all at once, 46.9 / 48.7
 * / 48.7 ms with 32 / 64 / 128 per turn (docs/scan-start.md). A remote scan still has
 * `concurrency` connects in flight: the next batch starts in the same millisecond.
 */
export const LAUNCHES_PER_TURN = 64;

/** Below this many probes a scan runs on the calling thread. */
export const THREADS_FROM_PROBES = 4096;

export type PortScanOptions = Omit<ScanOptions, 'connect'> & {
	/** A connect function to use instead of the real one (tests): always on this thread. */
	readonly connect?: ConnectFn;
	/** Worker threads for the connects; 0 keeps them on this thread. Default: defaultThreadCount(). */
	readonly threads?: number;
	/** Scans with fewer probes run on this thread. Default THREADS_FROM_PROBES. */
	readonly threadsFromProbes?: number;
};

/** Whether a scan of this many probes would start worker threads. */
export function usesWorkers(
	probes: number,
	options: Pick<PortScanOptions, 'connect' | 'threads' | 'threadsFromProbes'> = {},
): boolean {
	if (options.connect || probes < (options.threadsFromProbes ?? THREADS_FROM_PROBES)) return false;
	// Counted only now: a small scan never asks (nor loads node:os: thread-count.ts).
	return (options.threads ?? defaultThreadCount()) > 0;
}

/** Runs a scan, its connects on worker threads when it is big enough (see above). */
export async function runPortScan(options: PortScanOptions): Promise<ScanReport> {
	const {connect, threads, threadsFromProbes, ...scan} = options;
	if (connect) return runScan({...scan, connect});
	// On this thread the engine takes the connect as a callback: no Promise per connect
	// (≈10 % of a top1000 loopback scan's CPU, measured with bench/startup-bench.ts).
	if (!usesWorkers(scan.hosts.length * scan.ports.length, {threads, threadsFromProbes}))
		return runScan({...scan, connect: tcpConnect, probe: probeTcp, launchesPerTurn: LAUNCHES_PER_TURN});
	let threaded: Awaited<ReturnType<typeof createThreadedConnect>>;
	try {
		// Imported only here: a scan on this thread never loads node:worker_threads.
		const {createThreadedConnect: start} = await import('./threaded-connect.js');
		threaded = await start(threads ?? defaultThreadCount());
	} catch {
		// Threads are only a speed-up: when they cannot start, scan on this thread.
		return runScan({...scan, connect: tcpConnect, probe: probeTcp});
	}
	try {
		return await runScan({...scan, connect: threaded.connect});
	} finally {
		await threaded.close();
	}
}

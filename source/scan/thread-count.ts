// Apart from threaded-connect.ts so that deciding whether a scan uses worker threads
// (scan-runner.ts) does not load them: a scan below THREADS_FROM_PROBES never imports
// node:worker_threads (its modules are ≈6 of Node's own to compile at start).
import {availableParallelism} from 'node:os';

/** Threads worth using here: one per core, at most 4 (the main thread has work too). */
export function defaultThreadCount(): number {
	return Math.max(1, Math.min(4, availableParallelism()));
}

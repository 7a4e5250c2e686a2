// Apart from threaded-connect.ts so that deciding whether a scan uses worker threads
// (scan-runner.ts) does not load them: a scan below THREADS_FROM_PROBES never imports
// node:worker_threads (its modules are ≈6 of Node's own to compile at start), nor node:os
// (loaded at the first call here: ≈3 ms of CPU at start, load average ≈ 10).
import {createRequire} from 'node:module';

/** Threads worth using here: one per core, at most 4 (the main thread has work too). */
export function defaultThreadCount(): number {
	const os =
		(process.getBuiltinModule?.('node:os') as typeof import('node:os') | undefined) ??
		(createRequire(import.meta.url)('node:os') as typeof import('node:os'));
	return Math.max(1, Math.min(4, os.availableParallelism()));
}

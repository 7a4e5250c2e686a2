import type {Worker} from 'node:worker_threads';

// Worker threads still running, so every exit path can end them first. `process.exit()`
// with a worker alive crashed Node in libgcc_s while it unwound the worker's thread
// (`libgcc_s.so.1 must be installed for pthread_cancel to work`, then a segfault in the
// kernel log): on this machine a dashboard sent SIGTERM 2.5 s after start segfaulted 2
// times in 6 (dmesg), and ≈120 such lines piled up in a few hours of tests.

// One set per process, not per copy of this module: `socktop scan` is bundled apart from the
// chunks (scripts/build.mjs), so its copy registers the workers and the chunks' copy ends them.
const LIVE = Symbol.for('socktop.liveWorkers');
const holder = globalThis as typeof globalThis & {[LIVE]?: Set<Worker>};
holder[LIVE] ??= new Set<Worker>();
const live: Set<Worker> = holder[LIVE];

/** Remembers WORKER until it exits. */
export function trackWorker(worker: Worker): Worker {
	live.add(worker);
	worker.once('exit', () => live.delete(worker));
	return worker;
}

/** How many tracked workers have not exited yet (tests). */
export const liveWorkerCount = (): number => live.size;

/**
 * Terminates every live worker and waits for them to have exited, at most LIMIT_MS (a worker
 * stuck in a system call ends when it returns; an exit must not wait on that forever). The
 * wait's own timer is unref'd: it never keeps the process alive.
 */
export async function terminateLiveWorkers(limitMs = 2000): Promise<void> {
	if (live.size === 0) return;
	const all = Promise.allSettled([...live].map((worker) => worker.terminate()));
	let timer: NodeJS.Timeout | undefined;
	const limit = new Promise<void>((resolve) => {
		timer = setTimeout(resolve, limitMs);
		timer.unref();
	});
	await Promise.race([all, limit]);
	clearTimeout(timer);
}

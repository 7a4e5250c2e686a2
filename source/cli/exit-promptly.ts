import {terminateLiveWorkers} from '../threads/live-workers.js';

/** How long the output is given to drain before the exit anyway (a reader that stopped reading). */
const FLUSH_LIMIT_MS = 2000;

function flushed(stream: NodeJS.WritableStream): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(resolve, FLUSH_LIMIT_MS);
		timer.unref();
		try {
			stream.write('', () => {
				clearTimeout(timer);
				resolve();
			});
		} catch {
			clearTimeout(timer);
			resolve();
		}
	});
}

/**
 * Ends a one-shot command (`--once`) as soon as its answer is out: what it printed is flushed,
 * worker threads are ended (an exit with one alive can segfault: threads/live-workers.ts), then
 * the process exits with CODE. Without it, a `--once` that gave up after its cap stayed alive
 * until the abandoned read finished on its own: reads of /proc already queued in libuv's
 * thread pool cannot be cancelled, so the event loop stayed busy (QA: 30 s cap, exit at 48 s).
 */
export async function exitPromptly(
	code: number,
	options: {
		readonly streams?: readonly NodeJS.WritableStream[];
		readonly exit?: (code: number) => never;
	} = {},
): Promise<never> {
	await terminateLiveWorkers();
	await Promise.all((options.streams ?? [process.stdout, process.stderr]).map(flushed));
	return (options.exit ?? process.exit)(code);
}

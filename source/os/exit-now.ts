// A short command that has printed its answer exits at once rather than waiting for the
// event loop to drain and the environment to be torn down. Measured (2026-11-30, 20
// interleaved runs, load ≈ 22): `node -e 'console.log(1)'` 166 ms of CPU, with
// `process.exit(0)` after it 154 ms; after a top1000 scan the wait from the last line
// printed to the exit was 86–216 ms (8 runs) against 34–177 ms for `console.log(1)`.
// Only for commands with nothing left to finish once their promise resolved: `--once` on
// this machine and `scan` (their sockets, child processes and workers are all closed or
// awaited by then). stdout and stderr are flushed first: on a pipe that is asynchronous on
// some systems (macOS), and exiting would cut the output. Worker threads are ended first: an
// exit with one alive can crash in libgcc_s (threads/live-workers.ts). It also ends a `--once`
// that gave up after its cap: reads of /proc already queued in libuv's pool cannot be
// cancelled and kept the event loop alive (QA: 30 s cap, exit at 48 s).

import {terminateLiveWorkers} from '../threads/live-workers.js';

type Flushable = Pick<NodeJS.WriteStream, 'write' | 'writableLength'>;

/** Resolves once everything written to `stream` so far has been handed to the system. */
function flushed(stream: Flushable): Promise<void> {
	if (stream.writableLength === 0) return Promise.resolve();
	return new Promise((resolve) => {
		// The callback of an empty write runs after the writes queued before it.
		stream.write('', () => resolve());
	});
}

/** Sets the exit status, flushes stdout and stderr, then exits. */
export async function exitNow(
	code: number,
	streams: readonly Flushable[] = [process.stdout, process.stderr],
	exit: (code: number) => void = (status) => process.exit(status),
): Promise<void> {
	process.exitCode = code;
	await terminateLiveWorkers();
	await Promise.all(streams.map(flushed));
	exit(code);
}

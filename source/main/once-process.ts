// A plain `socktop --once` (nothing but `--json`, `--no-color`, `--timeout MS`: the words
// plainOnceOptions takes) as a whole process: cli.tsx sends such a command line here before it
// loads anything else. This file is its own bundle, dist/once-command.js (scripts/build.mjs),
// with the owner prefetch inside and compose-once's path split from it in the same build, so
// the procfs modules load once (the lead's earlier bundle without the prefetch loaded them
// twice: +66 ms of CPU at 6,000 sockets, docs/scan-start.md). The order is cli-main's: the
// walk's worker starts, then the heavy modules load while it runs.
import {plainOnceOptions} from '../cli/once-prefetch-args.js';
import {pollTimeouts} from '../cli/poll-timeouts.js';
import {errorMessage} from '../model/error-message.js';
import {exitNow} from '../os/exit-now.js';
import {standardStreams as io} from '../os/standard-streams.js';
import {prefetchPays, startOwnerPrefetch} from '../sources/procfs/owner-prefetch.js';

/**
 * Runs `--once` on ARGV and exits with its status; FALLBACK (cli-main) takes a command line
 * plainOnceOptions does not (a bad `--timeout`, a flag twice), before anything is started.
 */
export async function runOnceProcess(argv: readonly string[], fallback: () => void): Promise<void> {
	const parsed = plainOnceOptions(argv);
	if (parsed === null) {
		fallback();
		return;
	}
	let code: number;
	try {
		// A big table: the owner walk starts now on a worker thread (owner-prefetch.ts).
		const prefetch = process.platform === 'linux' && prefetchPays() ? startOwnerPrefetch() : null;
		const {options} = parsed;
		const {runOnceCommand} = await import('./compose-once.js');
		code = await runOnceCommand(
			{
				source: options.source,
				netns: options.netns,
				json: options.json,
				filter: options.filter,
				timeoutMs: pollTimeouts(options.timeoutMs, options.intervalMs).firstMs,
				hosts: null,
				prefetch,
			},
			io,
		);
	} catch (error) {
		process.stderr.write(`socktop: ${errorMessage(error)}\n`);
		process.exitCode = 1;
		return;
	}
	process.exitCode = code;
	await exitNow(code);
}

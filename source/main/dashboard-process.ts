// A plain `socktop` (no words, or only `--netns NAME`, `--no-color`, `--read-only`, `--bell`:
// what plainDashboardOptions takes) on a terminal, as a whole process: cli.tsx sends such a
// command line here before it loads anything else. This file is its own bundle,
// dist/dashboard-command.js (scripts/build.mjs), and everything the dashboard runs before its
// plain first frame is inside it: one file for Node's loader to resolve, read, compile and link
// instead of ≈60 chunks (docs/first-frame.md). Ink, React, yoga and what runs after the frame
// load from its own split chunks, as before.
import {plainDashboardOptions} from '../cli/plain-dashboard-args.js';
import {errorMessage} from '../model/error-message.js';
import {isInteractive} from './interactive-terminal.js';
import {startDashboard} from './start-dashboard.js';

/**
 * Runs the dashboard for ARGV and sets the exit status; FALLBACK (cli-main) takes a command line
 * plainDashboardOptions does not, or a session without a terminal, before anything is started.
 */
export async function runDashboardProcess(argv: readonly string[], fallback: () => void): Promise<void> {
	const parsed = plainDashboardOptions(argv);
	if (parsed === null || !isInteractive()) {
		fallback();
		return;
	}
	try {
		// NO_COLOR (any non-empty value, no-color.org) works like --no-color (as cli-main).
		const options = {...parsed.options, color: parsed.options.color && !process.env.NO_COLOR};
		process.exitCode = await startDashboard(options);
	} catch (error) {
		process.stderr.write(`socktop: ${errorMessage(error)}\n`);
		process.exitCode = 1;
	}
}

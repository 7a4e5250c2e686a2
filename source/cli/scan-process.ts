// `socktop scan` as a whole process: the entry (cli.tsx) hands the scan's words here before it
// loads anything else. This file is the scan's bundle (dist/scan-command.js, scripts/build.mjs):
// the entry's own chunks (help text, argument switches, the other commands' dispatch) cost the
// scan ≈10 ms of main-thread CPU before its first connect (45.0 → 35.1 ms with a stub that went
// straight here, docs/scan-start.md).
import {errorMessage} from '../model/error-message.js';
import {exitNow} from '../os/exit-now.js';
import {runScanCommand} from './scan-command.js';
import {processScanIO} from './scan-stdio.js';

/** Runs the scan on ARGV (the words after `scan`), then exits with its status. */
export async function runScanProcess(argv: readonly string[]): Promise<void> {
	const controller = new AbortController();
	process.once('SIGINT', () => controller.abort());
	const stdio = processScanIO(controller.signal);
	let code: number;
	try {
		code = await runScanCommand([...argv], stdio.io);
	} catch (error) {
		stdio.io.stderr.write(`socktop: ${errorMessage(error)}\n`);
		code = 1;
	}
	// Nothing is left to finish: its sockets and workers are closed (os/exit-now.ts).
	await exitNow(code, stdio.opened());
}

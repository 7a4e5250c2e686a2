// `socktop wait ARGS`: parses, builds the real table and runs the wait. Loaded only for
// `wait` (cli.tsx imports it lazily): neither React nor Ink, and net only with --connect.
import {readEtcHosts} from '../os/etc-hosts.js';
import {parseWaitArgs, WAIT_HELP} from './wait-args.js';
import {runWait} from './wait-command.js';
import {createWaitTable} from './wait-table.js';

export interface WaitIo {
	readonly stdout: {write(text: string): unknown};
	readonly stderr: {write(text: string): unknown};
	readonly signal: AbortSignal;
	readonly stderrIsTerminal?: boolean;
}

export async function runWaitCommand(argv: readonly string[], io: WaitIo): Promise<number> {
	const parsed = parseWaitArgs(argv, () => readEtcHosts());
	if (parsed.kind === 'help') {
		io.stdout.write(WAIT_HELP);
		return 0;
	}
	if (parsed.kind === 'error') {
		io.stderr.write(`socktop wait: ${parsed.message}\n`);
		return 2;
	}
	const verbose = parsed.args.verbose || io.stderrIsTerminal === true;
	return runWait(
		{...parsed.args, verbose},
		{
			table: await createWaitTable(parsed.args.source, parsed.args.netns),
			stdout: io.stdout,
			stderr: io.stderr,
			signal: io.signal,
			uid: process.getuid?.() ?? null,
		},
	);
}

// The composition root of `socktop --once` (and a pipe without --json): the source, the
// per-socket traffic counters, one read, printed. One module so that the bundle loads this
// path as few files as it can: each file is a resolve, an open/fstat/read/close and a compile
// of its own in Node's ESM loader (README "Start-up").

import type {Output} from '../cli/output.js';
import {runOnce} from '../cli/run-once.js';
import type {OwnerPrefetch} from '../sources/procfs/owner-prefetch.js';
import {type SourceChoice, selectSource} from '../sources/select-source.js';
import type {SocketSource} from '../sources/source.js';

export interface OnceCommand {
	readonly source: SourceChoice;
	readonly netns: string;
	readonly json: boolean;
	readonly filter: string;
	readonly timeoutMs: number;
	/** The many-hosts source (`--host`), already made; null: this machine's. */
	readonly hosts: SocketSource | null;
	/**
	 * The owner walk started on a worker before the arguments were parsed (owner-prefetch.ts):
	 * this machine's source takes it as its first walk; it is stopped once the read is done
	 * (a read that timed out does not wait for the walk to end), and unused with `hosts`.
	 */
	readonly prefetch: OwnerPrefetch | null;
}

export async function runOnceCommand(command: OnceCommand, io: Output): Promise<number> {
	const {prefetch} = command;
	const seed = prefetch && !command.hosts ? {ownerSeed: prefetch.walk, oneShot: true} : {oneShot: true};
	const source = command.hosts ?? selectSource(command.source, undefined, command.netns, seed);
	// Per-socket counters come from Linux's tcp_info (ss): elsewhere the JSON fields stay null.
	// Only JSON and a `saturated:` filter read them (run-once.ts), so only then is the module
	// (and node:child_process with it) loaded.
	const wantsTraffic = command.json || /saturated:/i.test(command.filter);
	const traffic =
		process.platform === 'linux' && !command.hosts && wantsTraffic
			? {
					// Per-socket fields only: the machine's interface totals (every namespace's net/dev) are not printed.
					traffic: (await import('../sources/traffic/traffic-source.js')).createTrafficSource({
						readNetDev: () => null,
					}),
				}
			: {};
	try {
		return await runOnce(
			source,
			{json: command.json, filter: command.filter, timeoutMs: command.timeoutMs, ...traffic},
			io,
		);
	} finally {
		prefetch?.cancel();
	}
}

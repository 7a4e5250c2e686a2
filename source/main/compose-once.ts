// The composition root of `socktop --once` (and a pipe without --json): the source, the
// per-socket traffic counters, one read, printed. One module so that the bundle loads this
// path as few files as it can: each file is a resolve, an open/fstat/read/close and a compile
// of its own in Node's ESM loader (README "Start-up").

import type {Output} from '../cli/output.js';
import {runOnce} from '../cli/run-once.js';
import {type SourceChoice, selectSource} from '../sources/select-source.js';
import type {SocketSource} from '../sources/source.js';
import {createTrafficSource} from '../sources/traffic/traffic-source.js';

export interface OnceCommand {
	readonly source: SourceChoice;
	readonly netns: string;
	readonly json: boolean;
	readonly filter: string;
	readonly timeoutMs: number;
	/** The many-hosts source (`--host`), already made; null: this machine's. */
	readonly hosts: SocketSource | null;
}

export function runOnceCommand(command: OnceCommand, io: Output): Promise<number> {
	const source = command.hosts ?? selectSource(command.source, undefined, command.netns);
	// Per-socket counters come from Linux's tcp_info (ss): elsewhere the JSON fields stay null.
	const traffic = process.platform === 'linux' && !command.hosts ? {traffic: createTrafficSource()} : {};
	return runOnce(
		source,
		{json: command.json, filter: command.filter, timeoutMs: command.timeoutMs, ...traffic},
		io,
	);
}

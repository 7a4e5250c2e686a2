// The close events of TCP connections with their final counters: one long-lived `ss -tinHOeE`
// (os/line-child.ts starts it, again with a growing delay if it dies, and kills it on stop and
// on exit). Without it, the bytes a connection moved between the last poll and its close
// would be lost: the next poll no longer finds the socket.
import {type LineChild, startLineChild} from '../../os/line-child.js';
import {type ClosedSocket, createClosedSocketReader} from './parse-ss-closed.js';

export interface CloseWatch {
	start(onClosed: (socket: ClosedSocket) => void, onProblem: (message: string) => void): void;
	stop(): void;
	/** The ss child's pid while it runs (tests check it is gone after exit). */
	pid(): number | null;
}

/**
 * Newest first, as for the polled reads (traffic-source.ts): `-O` needs iproute2 ≥ 5.2, `-H`
 * ≥ 4.14; `-E` came with 4.11 (kernel ≥ 4.9 broadcasts the destroy events).
 */
export const CLOSE_FLAG_SETS = ['-tinHOeE', '-tinHeE', '-tineE'] as const;
/** An exit this soon with nothing printed is ss refusing the options, not a crash. */
const REFUSED_WITHIN_MS = 2000;

export type StartChild = typeof startLineChild;

/**
 * `stdbuf -oL` in front: ss writes to a pipe through stdio's block buffer, so without it a
 * close event sat unseen until 4 KB of others followed (measured: nothing arrived in 4 s).
 * Without stdbuf (not installed), ss alone: events then arrive in bursts.
 */
export function createSsCloseWatch(deps: {startChild?: StartChild} = {}): CloseWatch {
	const startChild = deps.startChild ?? startLineChild;
	let child: LineChild | null = null;
	return {
		start(onClosed, onProblem) {
			if (child !== null) return;
			const reader = createClosedSocketReader(onClosed);
			let flagSet = 0;
			let buffered = true;
			const argv = (): {command: string; args: string[]} =>
				buffered
					? {command: 'stdbuf', args: ['-oL', 'ss', CLOSE_FLAG_SETS[flagSet]!]}
					: {command: 'ss', args: [CLOSE_FLAG_SETS[flagSet]!]};
			const first = argv();
			const said = new Set<string>();
			const problem = (text: string) => {
				if (said.has(text)) return;
				said.add(text);
				onProblem(text);
			};
			child = startChild({
				...first,
				env: {...process.env, LC_ALL: 'C'},
				onLine: (line) => reader.line(line),
				onExit(exit) {
					if (buffered && /ENOENT/.test(exit.stderr)) {
						buffered = false;
						return argv();
					}
					const refused = exit.lines === 0 && exit.ranMs < REFUSED_WITHIN_MS && exit.code !== 0;
					if (refused && flagSet < CLOSE_FLAG_SETS.length - 1) {
						flagSet++;
						return argv();
					}
					const why = exit.stderr || (exit.signal ? `killed by ${exit.signal}` : `exit ${exit.code}`);
					if (refused) {
						problem(`close events not read (ss -E: ${why})`);
						return 'stop';
					}
					problem(`ss -E stopped (${why}); restarting`);
					return 'restart';
				},
			});
		},
		stop() {
			child?.stop();
			child = null;
		},
		pid: () => child?.pid() ?? null,
	};
}

// A long-lived child program whose stdout is read line by line (`ss -E`, the close-event
// stream of the traffic rates): spawned with its argv (never a shell), started again with a
// growing delay when it dies, and killed when stopped or when this process exits, so no child
// outlives the dashboard.
import {type ChildProcess, spawn} from 'node:child_process';
import {errorMessage} from '../model/error-message.js';

/** First restart delay; it doubles on each quick death up to RESTART_MAX_MS. */
export const RESTART_MIN_MS = 1000;
export const RESTART_MAX_MS = 60_000;
/** A child that ran this long before it died is restarted at the first delay again. */
export const STABLE_AFTER_MS = 60_000;
/** Bytes of stderr kept for the report of an exit. */
const STDERR_KEPT = 300;
/** A line longer than this (no newline in sight) is dropped: the parser has no use for it. */
const LINE_MAX = 64 * 1024;

export interface ChildExit {
	readonly code: number | null;
	readonly signal: string | null;
	/** The first line of what it wrote on stderr (empty if nothing). */
	readonly stderr: string;
	/** Lines it printed before it exited. */
	readonly lines: number;
	readonly ranMs: number;
}

export interface LineChildOptions {
	readonly command: string;
	readonly args: readonly string[];
	readonly env?: NodeJS.ProcessEnv;
	readonly onLine: (line: string) => void;
	/**
	 * After each exit (or spawn failure). Return 'stop' to give up (no restart), or a command
	 * and arguments to start at once instead (an option the program rejected, a missing wrapper).
	 */
	readonly onExit?: (
		exit: ChildExit,
	) => 'restart' | 'stop' | {readonly command: string; readonly args: readonly string[]};
	readonly setTimeout?: (run: () => void, ms: number) => unknown;
	readonly clearTimeout?: (timer: unknown) => void;
	readonly now?: () => number;
}

export interface LineChild {
	/** The running child's pid, or null between restarts and after stop. */
	pid(): number | null;
	/** How many times a child was spawned. */
	starts(): number;
	stop(): void;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** On any exit of this process (quit, uncaught error, process.exit): kill what still runs. */
function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', () => {
		for (const child of running) child.kill('SIGTERM');
	});
}

export function startLineChild(options: LineChildOptions): LineChild {
	const later = options.setTimeout ?? ((run, ms) => setTimeout(run, ms).unref());
	const cancel = options.clearTimeout ?? ((timer) => clearTimeout(timer as NodeJS.Timeout));
	const now = options.now ?? Date.now;
	let command = options.command;
	let args = options.args;
	let child: ChildProcess | null = null;
	let timer: unknown = null;
	let stopped = false;
	let delay = RESTART_MIN_MS;
	let starts = 0;
	installExitHook();

	const start = () => {
		timer = null;
		if (stopped) return;
		starts++;
		const startedAt = now();
		let lines = 0;
		let stderr = '';
		let partial = '';
		let ended = false;
		let spawned: ChildProcess;
		const ended_ = (code: number | null, signal: string | null, spawnError?: string) => {
			if (ended) return;
			ended = true;
			running.delete(spawned);
			if (child === spawned) child = null;
			if (stopped) return;
			const ranMs = now() - startedAt;
			const exit: ChildExit = {
				code,
				signal,
				stderr: (spawnError ?? stderr).trim().split('\n')[0] ?? '',
				lines,
				ranMs,
			};
			const next = options.onExit?.(exit) ?? 'restart';
			if (next === 'stop') return;
			if (typeof next === 'object') {
				command = next.command;
				args = next.args;
				delay = RESTART_MIN_MS;
				start();
				return;
			}
			if (ranMs >= STABLE_AFTER_MS) delay = RESTART_MIN_MS;
			timer = later(start, delay);
			delay = Math.min(RESTART_MAX_MS, delay * 2);
		};
		try {
			spawned = spawn(command, [...args], {
				stdio: ['ignore', 'pipe', 'pipe'],
				shell: false,
				...(options.env ? {env: options.env} : {}),
			});
		} catch (error) {
			// spawn throws synchronously only for bad arguments; report it like an exit.
			spawned = null as unknown as ChildProcess;
			ended_(null, null, errorMessage(error));
			return;
		}
		child = spawned;
		running.add(spawned);
		spawned.stdout?.setEncoding('utf8');
		spawned.stdout?.on('data', (chunk: string) => {
			let text = partial + chunk;
			let at = text.indexOf('\n');
			while (at !== -1) {
				const line = text.slice(0, at);
				text = text.slice(at + 1);
				lines++;
				options.onLine(line);
				at = text.indexOf('\n');
			}
			partial = text.length > LINE_MAX ? '' : text;
		});
		spawned.stderr?.setEncoding('utf8');
		spawned.stderr?.on('data', (chunk: string) => {
			if (stderr.length < STDERR_KEPT) stderr += chunk.slice(0, STDERR_KEPT - stderr.length);
		});
		spawned.once('error', (error) => ended_(null, null, errorMessage(error)));
		spawned.once('close', (code, signal) => ended_(code, signal));
	};
	start();

	return {
		pid: () => child?.pid ?? null,
		starts: () => starts,
		stop() {
			stopped = true;
			if (timer !== null) cancel(timer);
			timer = null;
			if (child !== null) {
				running.delete(child);
				child.kill('SIGTERM');
				child = null;
			}
		},
	};
}

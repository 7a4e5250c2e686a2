import {type ChildProcess, spawn} from 'node:child_process';
import {errorMessage} from '../model/error-message.js';

/** Hooks running at once at most (`--alert-exec`): a burst of events never forks a storm. */
export const HOOK_CONCURRENCY = 2;
/** Events waiting for a free slot at most; more are dropped and counted. */
export const HOOK_QUEUE = 50;
/** A hook still running after this gets SIGTERM, and SIGKILL 2 s later. */
export const HOOK_TIMEOUT_MS = 10_000;
const KILL_AFTER_MS = 2000;
/** Bytes of a failing hook's stderr kept for the one-line report. */
const STDERR_KEPT = 300;

export interface HookRunnerOptions {
	readonly command: string;
	readonly args: readonly string[];
	readonly concurrency?: number;
	readonly queue?: number;
	readonly timeoutMs?: number;
	/** One line for the user; each distinct line is reported once. */
	readonly onProblem: (message: string) => void;
}

export interface HookStats {
	readonly started: number;
	readonly finished: number;
	readonly failed: number;
	readonly timedOut: number;
	readonly dropped: number;
}

export interface HookRunner {
	/** Runs the command with `input` on its stdin, now or when a slot frees; returns at once. */
	run(input: string): void;
	stats(): HookStats;
	/** Resolves when nothing runs or waits (tests, and quitting). */
	idle(): Promise<void>;
	/** Kills what still runs and forgets what waits. */
	stop(): void;
}

/**
 * Runs `--alert-exec CMD ARGS…` per event: spawned with its argv (no shell), the event's
 * JSON on stdin, stdout and stderr not on the terminal (the dashboard owns it). Nothing
 * here is awaited by the caller, so a slow, hanging or failing hook never holds a frame.
 */
export function createHookRunner(options: HookRunnerOptions): HookRunner {
	const concurrency = options.concurrency ?? HOOK_CONCURRENCY;
	const maxQueue = options.queue ?? HOOK_QUEUE;
	const timeoutMs = options.timeoutMs ?? HOOK_TIMEOUT_MS;
	const waiting: string[] = [];
	const running = new Set<ChildProcess>();
	const said = new Set<string>();
	let stopped = false;
	let idleWaiters: (() => void)[] = [];
	const stats = {started: 0, finished: 0, failed: 0, timedOut: 0, dropped: 0};
	const name = [options.command, ...options.args].join(' ');

	const problem = (text: string) => {
		const line = `--alert-exec ${name}: ${text}`;
		if (said.has(line)) return;
		said.add(line);
		options.onProblem(line);
	};
	const settle = () => {
		if (running.size > 0 || waiting.length > 0) return;
		const waiters = idleWaiters;
		idleWaiters = [];
		for (const resolve of waiters) resolve();
	};
	const next = () => {
		while (!stopped && running.size < concurrency && waiting.length > 0) start(waiting.shift()!);
		settle();
	};

	function start(input: string): void {
		stats.started++;
		let child: ChildProcess;
		try {
			child = spawn(options.command, [...options.args], {stdio: ['pipe', 'ignore', 'pipe']});
		} catch (error) {
			stats.failed++;
			problem(errorMessage(error));
			return;
		}
		running.add(child);
		let stderr = '';
		let timedOut = false;
		child.stderr?.on('data', (chunk: Buffer) => {
			if (stderr.length < STDERR_KEPT) stderr += chunk.toString('utf8');
		});
		// A hook that does not read its stdin: EPIPE is its business, not a crash.
		child.stdin?.on('error', () => {});
		child.stdin?.end(`${input}\n`);
		let killTimer: NodeJS.Timeout | undefined;
		const timer = setTimeout(() => {
			timedOut = true;
			child.kill('SIGTERM');
			killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
			killTimer.unref();
		}, timeoutMs);
		timer.unref();
		let done = false;
		const finish = (failure: string | null) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			clearTimeout(killTimer);
			running.delete(child);
			stats.finished++;
			if (failure !== null) {
				stats.failed++;
				problem(failure);
			}
			next();
		};
		child.on('error', (error) => finish(errorMessage(error)));
		child.on('close', (code, signal) => {
			const detail = stderr.trim().split('\n')[0]?.slice(0, 120) ?? '';
			if (timedOut) {
				stats.timedOut++;
				return finish(`still running after ${timeoutMs / 1000} s: killed`);
			}
			if (code === 0) return finish(null);
			finish(`${signal ? `killed by ${signal}` : `exited ${code}`}${detail ? `: ${detail}` : ''}`);
		});
	}

	return {
		run(input) {
			if (stopped) return;
			if (running.size < concurrency) return start(input);
			if (waiting.length >= maxQueue) {
				stats.dropped++;
				problem(`busy (${concurrency} running, ${maxQueue} waiting): events dropped`);
				return;
			}
			waiting.push(input);
		},
		stats: () => ({...stats}),
		idle: () =>
			running.size === 0 && waiting.length === 0
				? Promise.resolve()
				: new Promise<void>((resolve) => idleWaiters.push(resolve)),
		stop() {
			stopped = true;
			waiting.length = 0;
			for (const child of running) child.kill('SIGKILL');
		},
	};
}

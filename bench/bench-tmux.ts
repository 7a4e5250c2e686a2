// One tmux server per bench section, on its own socket (`-L NAME-PID`, so runs and other
// sessions on the machine never share one): the dashboard and the tools it is compared with
// run in detached sessions at 120×40, started directly (no shell); `kill()` ends the server
// and removes its socket file (run.ts calls it on every exit path).
import {spawnSync} from 'node:child_process';
import {rmSync} from 'node:fs';
import {performance} from 'node:perf_hooks';
import {isAlive, type Print, sleep} from './lib.js';

/** The start of a dashboard's command: Ink writes nothing until unmount with CI set (CI sets it). */
export const OUTSIDE_CI = ['env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION'] as const;

/** A pane's size in cells: 120×40 unless a bench asks for another. */
export interface PaneSize {
	readonly cols: number | string;
	readonly rows: number | string;
}
const DEFAULT_SIZE: PaneSize = {cols: 120, rows: 40};

export interface BenchTmux {
	readonly socket: string;
	run(args: readonly string[]): {ok: boolean; stdout: string; stderr: string};
	/** tmux's arguments that start COMMAND in a detached session NAME (120×40 by default). */
	newSessionArgs(session: string, command: readonly string[], size?: PaneSize): string[];
	/** Starts COMMAND in a detached session; the pane's pid (throws when tmux refuses). */
	start(session: string, command: readonly string[], size?: PaneSize): number;
	/** What the session's pane shows now. */
	capture(session: string): string;
	/** Ends the server (and what runs in it). Synchronous, safe to call twice. */
	kill(): void;
}

export function benchTmux(name: string): BenchTmux {
	const socket = `${name}-${process.pid}`;
	const run = (args: readonly string[]) => {
		const result = spawnSync('tmux', ['-L', socket, ...args], {
			encoding: 'utf8',
			timeout: 10_000,
			shell: false,
		});
		return {ok: result.status === 0, stdout: result.stdout ?? '', stderr: (result.stderr ?? '').trim()};
	};
	const newSessionArgs = (session: string, command: readonly string[], size = DEFAULT_SIZE) => [
		'-f',
		'/dev/null',
		'new-session',
		'-d',
		'-s',
		session,
		'-x',
		String(size.cols),
		'-y',
		String(size.rows),
		...command,
	];
	return {
		socket,
		run,
		newSessionArgs,
		start(session, command, size) {
			const started = run(newSessionArgs(session, command, size));
			if (!started.ok) throw new Error(`tmux new-session failed: ${started.stderr}`);
			return Number(run(['list-panes', '-t', session, '-F', '#{pane_pid}']).stdout.trim());
		},
		capture: (session) => run(['capture-pane', '-p', '-t', session]).stdout,
		kill() {
			spawnSync('tmux', ['-L', socket, 'kill-server'], {stdio: 'ignore', timeout: 5000, shell: false});
			// tmux leaves its socket file behind; it is this run's own, so remove it.
			rmSync(`${process.env.TMUX_TMPDIR || '/tmp'}/tmux-${process.getuid?.() ?? 0}/${socket}`, {force: true});
		},
	};
}

/**
 * Waits until HEADER (the dashboard's first lines) counts WANT established connections, the
 * dashboard PID still running, for at most TIMEOUT_MS (then says what it shows, and goes on).
 */
export async function waitForEstablished(
	header: () => string,
	pid: number,
	want: number,
	timeoutMs: number,
	out: Print,
): Promise<void> {
	const deadline = performance.now() + timeoutMs;
	for (;;) {
		const count = Number(/established (\d+)/.exec(header())?.[1] ?? 0);
		if (count >= want) return;
		if (!isAlive(pid)) throw new Error(`the dashboard exited during warm-up; screen: ${header()}`);
		if (performance.now() > deadline) {
			out(`  warning: after ${timeoutMs / 1000} s the dashboard still shows: ${header()}`);
			return;
		}
		await sleep(250);
	}
}

/**
 * Waits until session NAME's dashboard counts WANT established connections with their owners
 * drawn (no `owners: reading`), looking every EVERY_MS: the ms since SINCE, or null after
 * TIMEOUT_MS. The A/B benches' start (memory-ab, key-cpu-ab, key-latency-ab).
 */
export async function waitForOwnersDrawn(
	tmux: BenchTmux,
	name: string,
	want: number,
	timeoutMs: number,
	everyMs: number,
	since = performance.now(),
): Promise<number | null> {
	while (performance.now() - since < timeoutMs) {
		const screen = tmux.capture(name);
		const match = /established (\d+)/.exec(screen);
		if (match && Number(match[1]) >= want && !/owners: reading/.test(screen))
			return performance.now() - since;
		await sleep(everyMs);
	}
	return null;
}

/**
 * Keeps TMUX's server running for the whole bench section: a placeholder session that does
 * nothing. Without it, killing a pane's session (the last one) ended the server and the next
 * pane's `new-session` started a new one inside that pane's timer: a user's terminal is already
 * there when they type the command (docs/first-frame.md, 2026-12-01). `kill()` ends it.
 */
export function keepServerRunning(tmux: BenchTmux): void {
	// Ends with this process (GNU tail checks the pid once a second), so a bench stopped with
	// kill or Ctrl-C leaves no server behind: `sleep 86400` here kept one for a day.
	tmux.start('server-kept', ['tail', `--pid=${process.pid}`, '-f', '/dev/null'], {cols: 20, rows: 5});
}

/** A pane that prints one line: what tmux, the shell and the capture loop alone add to a timer. */
export const NULL_PANE = ['sh', '-c', 'echo null-frame; exec sleep 30'] as const;
export const isNullFrame = (screen: string): boolean => screen.includes('null-frame');

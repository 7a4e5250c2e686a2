// A pane timed to what its screen shows, looking only when the pane has written something:
// `pipe-pane -O` (set in the same tmux command as `new-session`, so before tmux reads the
// pane's first byte) copies the pane's output into a FIFO this process reads; each chunk
// that arrives is followed by one `capture-pane`. The former loop captured every 10 ms
// whatever happened: a `tmux` client spawned and a screen rendered by the server ≈ 30 times
// in a 300 ms start, on a 2-core machine where the process being timed needs a core
// (docs/first-frame.md, 2026-12-01 04:00). A capture every 250 ms stays as a safety net.
// The time reported is when the chunk that the showing capture follows arrived (the latest
// chunk before that capture): the screen cannot have shown it later than that.
import {spawnSync} from 'node:child_process';
import {constants, mkdtempSync, openSync, rmSync} from 'node:fs';
import {Socket} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import type {BenchTmux, PaneSize} from './bench-tmux.js';
import type {TmuxControl} from './tmux-control.js';

const SAFETY_POLL_MS = 250;

export interface WatchedPane {
	/** The pane's process. */
	readonly pid: number;
	/** performance.now() just before `new-session` ran. */
	readonly started: number;
	/** How many captures were taken so far (the harness's own work). */
	captures(): number;
	/** The last capture's text. */
	screen(): string;
	/**
	 * Resolves with the ms from `started` until a capture showed `shows(screen)` (the arrival of
	 * the output that capture follows), or null after `boundMs` from `started`.
	 */
	until(shows: (screen: string) => boolean, boundMs: number): Promise<number | null>;
	/** Stops reading the pane's output (the session itself is the caller's to kill). */
	close(): void;
}

/**
 * Starts COMMAND in a detached session NAME (120×40 unless SIZE) through CONTROL, with its
 * output streamed to this process; the timer starts as the command line goes to tmux.
 */
export async function startWatchedPane(
	tmux: BenchTmux,
	control: TmuxControl,
	name: string,
	command: readonly string[],
	size?: PaneSize,
): Promise<WatchedPane> {
	const dir = mkdtempSync(join(tmpdir(), 'socktop-pane-'));
	const fifo = join(dir, 'out');
	if (spawnSync('mkfifo', [fifo]).status !== 0) throw new Error('mkfifo failed');
	// Read and write: no EOF while tmux's `cat` is not there yet, and open() does not block.
	const stream = new Socket({
		fd: openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK),
		readable: true,
		writable: false,
	});
	let lastChunk = 0;
	let chunks = 0;
	let captured = 0;
	let wake: (() => void) | null = null;
	stream.on('data', () => {
		lastChunk = performance.now();
		chunks++;
		wake?.();
	});
	stream.on('error', () => {});
	const close = () => {
		// Destroying the socket closes the FIFO's descriptor.
		stream.destroy();
		rmSync(dir, {recursive: true, force: true});
	};
	const started = performance.now();
	const result = await control.command([
		...tmux.newSessionArgs(name, command, size).slice(2), // not `-f /dev/null`: the server runs
		';',
		'pipe-pane',
		'-O',
		'-t',
		name,
		`exec cat > '${fifo}'`,
		';',
		'list-panes',
		'-t',
		name,
		'-F',
		'#{pane_pid}',
	]);
	if (!result.ok) {
		close();
		throw new Error(`tmux new-session failed: ${result.output}`);
	}
	const pid = Number(result.output.trim());
	// The chunks the last capture covers, its screen, and when the latest of them arrived.
	let covered = 0;
	let screen = '';
	let screenAt = 0;
	const look = async (at: number) => {
		covered = chunks;
		screenAt = at;
		captured++;
		screen = (await control.command(['capture-pane', '-p', '-t', name])).output;
		return screen;
	};
	return {
		pid,
		started,
		captures: () => captured,
		screen: () => screen,
		async until(shows, boundMs) {
			if (captured > 0 && shows(screen)) return screenAt - started;
			while (performance.now() - started < boundMs) {
				if (chunks !== covered) {
					if (shows(await look(lastChunk))) return screenAt - started;
					continue;
				}
				await new Promise<void>((resolve) => {
					const timer = setTimeout(resolve, SAFETY_POLL_MS);
					wake = () => {
						clearTimeout(timer);
						resolve();
					};
				});
				wake = null;
				// The safety net: no output came, look anyway (time: now).
				if (chunks === covered && shows(await look(performance.now()))) return screenAt - started;
			}
			return null;
		},
		close,
	};
}

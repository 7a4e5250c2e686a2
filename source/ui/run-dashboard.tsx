import type {ReactElement} from 'react';
import type {DashboardConfig, DashboardDeps} from './deps.js';
import {mountDashboard} from './mount-dashboard.js';
import {CLEAR_SCREEN, LEAVE_ALT_SCREEN, SHOW_CURSOR, TAKE_SCREEN} from './terminal-screen.js';
import type {TerminalSuspender} from './terminal-suspend.js';

/** Gives the terminal back and stops on Ctrl-Z, and takes it again on `fg` (terminal-suspend.ts). */
export type {TerminalSuspender};

export type CreateSuspender = (io: {
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WriteStream;
	/** Draws the whole frame again. */
	redraw: () => void;
}) => TerminalSuspender;

/** The caller has started polling and waited for the first data (main/compose-dashboard.ts). */
export interface TerminalDashboardOptions {
	/** Everything but `suspend`, which comes from `createSuspender` once the screen exists. */
	readonly deps: Omit<DashboardDeps, 'suspend'>;
	readonly config: DashboardConfig;
	/** Stops what the dependencies run (store, DNS, scanner); called once on every exit path. */
	readonly stop: () => void;
	readonly createSuspender: CreateSuspender;
	/**
	 * Awaited before `process.exit()` on a signal or a crash: ends the worker threads (a
	 * process that exits with one alive can segfault: threads/live-workers.ts).
	 */
	readonly beforeExit?: () => Promise<void>;
	readonly root?: (config: DashboardConfig) => ReactElement;
	/** Called after each frame is rendered, right before Ink writes it. */
	readonly onFrame?: () => void;
	/**
	 * The plain first frame is on the screen (main/plain-first-frame.ts): the screen is taken
	 * already, and Ink's first frame clears it right before Ink writes, in the same tick, so
	 * no character of the plain frame is left and nothing blank is shown while Ink mounts.
	 */
	readonly screenTaken?: boolean;
}

/**
 * Ink's onRender (called right before Ink writes a frame: ink.js onRender, then its log) that
 * clears the screen and homes the cursor before the first frame, so that frame replaces the
 * plain one (main/plain-first-frame.ts) whole, in the same tick: no stale character is left,
 * and the screen is never blank while Ink mounts. Then ONFRAME, every frame.
 */
export function clearingFirstFrame(stdout: {write(text: string): unknown}, onFrame: () => void): () => void {
	let first = true;
	return () => {
		if (first) {
			first = false;
			stdout.write(CLEAR_SCREEN);
		}
		onFrame();
	};
}

/**
 * Runs the interactive dashboard on the process's terminal until the user quits or a
 * signal arrives, and always gives the terminal back: main screen, visible cursor,
 * raw mode off.
 */
export async function runTerminalDashboard(options: TerminalDashboardOptions): Promise<number> {
	const {stdout, stdin} = process;
	let suspender: TerminalSuspender | null = null;
	let restored = false;
	const restore = () => {
		if (restored) return;
		restored = true;
		suspender?.dispose();
		options.stop();
		try {
			if (stdin.isTTY) stdin.setRawMode(false);
		} catch {
			// stdin may already be closed (SSH link gone); nothing to restore then.
		}
		stdout.write(SHOW_CURSOR + LEAVE_ALT_SCREEN);
	};

	if (!options.screenTaken) stdout.write(TAKE_SCREEN);
	const onFrame = options.onFrame ?? (() => {});
	const onRender = options.screenTaken ? clearingFirstFrame(stdout, onFrame) : onFrame;
	const deps: DashboardDeps = {...options.deps, suspend: () => suspender?.suspend() ?? true};
	const {instance, redraw} = mountDashboard({
		deps,
		config: options.config,
		stdout,
		stdin,
		...(options.root ? {root: options.root} : {}),
		onRender,
	});
	suspender = options.createSuspender({stdin, stdout, redraw});

	const exitAfterCleanup = (code: number) => {
		const cleanup = options.beforeExit?.() ?? Promise.resolve();
		void cleanup.catch(() => {}).finally(() => process.exit(code));
	};
	const onSignal = (code: number) => () => {
		instance.unmount();
		restore();
		exitAfterCleanup(code);
	};
	const handlers: [NodeJS.Signals, () => void][] = [
		['SIGTERM', onSignal(143)],
		['SIGHUP', onSignal(129)],
		['SIGINT', onSignal(130)],
	];
	for (const [signal, handler] of handlers) process.once(signal, handler);
	// The terminal can go away without a SIGHUP reaching this process: under `runuser`, `su` or
	// `setsid` another process is the session leader and absorbs it. stdin then ends (a raw-mode
	// terminal has no other end: Ctrl-D is a key). Without this, a dashboard whose SSH link had
	// dropped was found still polling 25 minutes later.
	const onTerminalGone = onSignal(129);
	if (stdin.isTTY) stdin.once('end', onTerminalGone);
	const onCrash = (error: unknown) => {
		try {
			instance.unmount();
		} catch {
			// The tree is already broken; restoring the terminal is what matters.
		}
		restore();
		process.stderr.write(`socktop: ${error instanceof Error ? error.message : String(error)}\n`);
		exitAfterCleanup(1);
	};
	process.once('uncaughtException', onCrash);
	process.once('unhandledRejection', onCrash);

	try {
		await instance.waitUntilExit();
		restore();
		return 0;
	} catch (error) {
		restore();
		process.stderr.write(`socktop: ${error instanceof Error ? error.message : String(error)}\n`);
		return 1;
	} finally {
		for (const [signal, handler] of handlers) process.off(signal, handler);
		stdin.off('end', onTerminalGone);
		process.off('uncaughtException', onCrash);
		process.off('unhandledRejection', onCrash);
	}
}

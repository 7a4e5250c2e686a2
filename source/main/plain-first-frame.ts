// The plain first frame on the real terminal (issue 14): written by the composition root as
// soon as the first table read is in hand, before Ink, React and yoga are imported (their
// import took 160–220 ms of CPU and Ink's first render 100–145 ms more: docs/first-frame.md).
// Ink's first frame replaces it (run-dashboard.ts: `screenTaken`). From here until Ink's
// screen has its own handlers, this module gives the terminal back on every way out.

import {inOrphanedProcessGroup} from '../os/job-control.js';
import {terminateLiveWorkers} from '../threads/live-workers.js';
import {LEAVE_ALT_SCREEN, SHOW_CURSOR, TAKE_SCREEN} from '../ui/terminal-screen.js';
import {createTerminalSuspender} from '../ui/terminal-suspend.js';

/** What the plain frame writes first: the screen taken (as the dashboard takes it), then LINES. */
export const plainFrameText = (lines: readonly string[]): string => TAKE_SCREEN + lines.join('\n');

export interface PlainFrameTerminal {
	readonly stdout: NodeJS.WriteStream;
	readonly stdin: NodeJS.ReadStream;
}

export interface ShownPlainFrame {
	/** Ink's screen takes over: the handlers here go (the terminal stays taken). */
	handOver(): void;
	/** Gives the terminal back (the Ink chunk failed to load): main screen, cursor, cooked mode. */
	restore(): void;
}

/**
 * Takes the screen and writes LINES() (plain-frame.ts, at the terminal's size then), and
 * until `handOver` restores the terminal on SIGTERM, SIGHUP, SIGINT, a crash, or the
 * terminal going away, then calls STOP and exits as the dashboard does. Raw mode from now
 * on, as Ink's will be: keys typed meanwhile are not echoed over the frame, and reach the
 * dashboard once it reads them. `kill -TSTP` and `fg` leave and take the screen again
 * (terminal-suspend.ts, redrawing these lines).
 */
export function showPlainFirstFrame(
	terminal: PlainFrameTerminal,
	lines: () => readonly string[],
	stop: () => void,
	/** Ends the process (a test passes its own); by default after the worker threads end. */
	exitProcess: (code: number) => void = (code) =>
		void terminateLiveWorkers()
			.catch(() => {})
			.finally(() => process.exit(code)),
): ShownPlainFrame {
	const {stdout, stdin} = terminal;
	const draw = () => stdout.write(lines().join('\n'));
	const setRaw = (mode: boolean) => {
		try {
			if (stdin.isTTY) stdin.setRawMode(mode);
		} catch {
			// stdin may already be closed (SSH link gone); nothing to set then.
		}
	};
	stdout.write(plainFrameText(lines()));
	setRaw(true);
	const suspender = createTerminalSuspender({
		stdin,
		stdout,
		redraw: draw,
		canStop: () => !inOrphanedProcessGroup(),
	});
	let done = false;
	const restore = () => {
		if (done) return;
		handOver();
		setRaw(false);
		stdout.write(SHOW_CURSOR + LEAVE_ALT_SCREEN);
	};
	const exit = (code: number) => {
		restore();
		stop();
		exitProcess(code);
	};
	const handlers: [NodeJS.Signals, () => void][] = [
		['SIGTERM', () => exit(143)],
		['SIGHUP', () => exit(129)],
		['SIGINT', () => exit(130)],
	];
	const onCrash = (error: unknown) => {
		restore();
		process.stderr.write(`socktop: ${error instanceof Error ? error.message : String(error)}\n`);
		exit(1);
	};
	const onEnd = () => exit(129);
	for (const [signal, handler] of handlers) process.once(signal, handler);
	process.once('uncaughtException', onCrash);
	process.once('unhandledRejection', onCrash);
	stdin.once('end', onEnd);
	function handOver() {
		if (done) return;
		done = true;
		suspender.dispose();
		for (const [signal, handler] of handlers) process.off(signal, handler);
		process.off('uncaughtException', onCrash);
		process.off('unhandledRejection', onCrash);
		stdin.off('end', onEnd);
	}
	return {handOver, restore};
}

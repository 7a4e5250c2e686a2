// Ctrl-Z and `kill -TSTP`, the way htop and vim do it: give the terminal back (main
// screen, visible cursor, cooked mode), stop, and on SIGCONT (`fg`) take it again and
// draw the whole frame. A handler for SIGTSTP replaces the kernel's default stop, so
// without one the terminal stayed in the alternate screen with no cursor; and in raw
// mode Ctrl-Z is just a byte, so the key must call `suspend()` itself.
import {CLEAR_SCREEN, LEAVE_ALT_SCREEN, SHOW_CURSOR, TAKE_SCREEN} from './terminal-screen.js';

export interface SuspenderOptions {
	readonly stdin: {readonly isTTY?: boolean; setRawMode?(mode: boolean): unknown};
	readonly stdout: {
		write(data: string, callback?: (error?: Error | null) => void): boolean;
		readonly isTTY?: boolean;
		readonly columns?: number;
		readonly rows?: number;
		/** Node's tty.WriteStream internal: re-reads the size, emits 'resize' when it changed. */
		_refreshSize?(): void;
	};
	/**
	 * Draws the whole frame again. Ink 6.8 writes only the lines that changed since the
	 * last frame, which after `fg` are not on the screen any more.
	 */
	readonly redraw: () => void;
	/**
	 * Stops this process; by default SIGSTOP to its whole process group (it cannot be caught, so
	 * it stops), as vim does with SIGTSTP: under `npm start` the shell's job is npm, and with only
	 * socktop stopped the shell kept waiting on a running npm, with no prompt to type `fg` at.
	 */
	readonly stop?: () => void;
	/**
	 * Whether anything could resume the process once stopped (os/job-control.ts): false under
	 * `ssh -t host socktop`, where it would stop for good. Then Ctrl-Z and SIGTSTP leave it
	 * running, as the kernel does for such a process group. Default: yes.
	 */
	readonly canStop?: () => boolean;
	/**
	 * Runs the full redraw after a resize seen on SIGCONT, once React and Ink have laid the
	 * frame out at the new size; default: 100 ms later (Ink throttles frames to 30 fps, 33 ms).
	 */
	readonly afterResize?: (then: () => void) => void;
	/** Where SIGTSTP and SIGCONT arrive; `process` unless a test passes a fake. */
	readonly signals?: {
		on(event: 'SIGTSTP' | 'SIGCONT', listener: () => void): unknown;
		off(event: 'SIGTSTP' | 'SIGCONT', listener: () => void): unknown;
	};
}

export interface TerminalSuspender {
	/** Ctrl-Z: restore the terminal, then stop until SIGCONT; false when it cannot stop (canStop). */
	suspend(): boolean;
	/** Stops listening for the signals (on exit). */
	dispose(): void;
}

export function createTerminalSuspender(options: SuspenderOptions): TerminalSuspender {
	const {stdin, stdout, redraw} = options;
	const signals = options.signals ?? process;
	const stop = options.stop ?? (() => process.kill(0, 'SIGSTOP'));
	const afterResize = options.afterResize ?? ((then: () => void) => setTimeout(then, 100).unref());
	let suspended = false;
	let disposed = false;

	const setRaw = (mode: boolean) => {
		try {
			if (stdin.isTTY) stdin.setRawMode?.(mode);
		} catch {
			// stdin gone (the SSH link dropped): nothing to set.
		}
	};
	const write = (data: string, then?: () => void) => {
		try {
			stdout.write(data, then && (() => then()));
		} catch {
			// The terminal is gone; stopping or redrawing no longer matters.
			then?.();
		}
	};

	const canStop = options.canStop ?? (() => true);
	const suspend = (): boolean => {
		if (suspended || disposed) return true;
		if (!canStop()) return false;
		suspended = true;
		setRaw(false);
		// Stop only once the restoring bytes have left: a stopped process flushes nothing.
		write(SHOW_CURSOR + LEAVE_ALT_SCREEN, () => {
			if (suspended && !disposed) stop();
		});
		return true;
	};
	const onSignal = () => void suspend();
	// A stopped job gets no SIGWINCH (the kernel sends it to the foreground group: the
	// shell), so a resize while stopped is only seen here. Node's getWindowSize() returns
	// the columns/rows it cached at the last SIGWINCH (measured: 100x30 after the pty went
	// to 80x24); _refreshSize() is what Node's own SIGWINCH handler calls: it reads the
	// pty's size and, when it changed, sets columns/rows and emits 'resize', on which Ink
	// and useTerminalSize lay the frame out again.
	const catchUpWithResize = (): boolean => {
		if (!stdout.isTTY || !stdout._refreshSize) return false;
		const {columns, rows} = stdout;
		try {
			stdout._refreshSize();
		} catch {
			return false; // The terminal is gone (Node emits 'error', which throws unheard).
		}
		return stdout.columns !== columns || stdout.rows !== rows;
	};
	const resume = () => {
		if (disposed) return;
		suspended = false;
		// Also after a plain SIGSTOP/SIGCONT from outside: the shell may have written
		// on the screen meanwhile, and taking the screen again is harmless.
		write(TAKE_SCREEN);
		setRaw(true);
		// After taking the screen: Ink draws on 'resize', and that must not land on the main screen.
		if (!catchUpWithResize()) {
			redraw();
			return;
		}
		// The frame Ink holds is still the old size (React lays out the new one a moment
		// later), and written now it wraps; so clear and write the whole frame once the new
		// layout is in, unless stopped or disposed again meanwhile.
		afterResize(() => {
			if (suspended || disposed) return;
			write(CLEAR_SCREEN);
			redraw();
		});
	};

	signals.on('SIGTSTP', onSignal);
	signals.on('SIGCONT', resume);
	return {
		suspend,
		dispose() {
			disposed = true;
			signals.off('SIGTSTP', onSignal);
			signals.off('SIGCONT', resume);
		},
	};
}

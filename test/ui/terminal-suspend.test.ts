import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {describe, it} from 'node:test';
import {
	CLEAR_SCREEN,
	ENTER_ALT_SCREEN,
	HIDE_CURSOR,
	LEAVE_ALT_SCREEN,
	SHOW_CURSOR,
} from '../../source/ui/terminal-screen.js';
import {createTerminalSuspender} from '../../source/ui/terminal-suspend.js';

/** One ordered log of everything the suspender does to the terminal and the process. */
function fakes(canStop?: () => boolean) {
	const log: string[] = [];
	const pending: (() => void)[] = [];
	const signals = new EventEmitter();
	const suspender = createTerminalSuspender({
		stdin: {isTTY: true, setRawMode: (mode: boolean) => log.push(`raw ${mode}`)},
		stdout: {
			write(data: string, callback?: () => void) {
				log.push(`write ${JSON.stringify(data)}`);
				// Like a stream: the callback comes once the bytes are out, later.
				if (callback) pending.push(callback);
				return true;
			},
		},
		redraw: () => log.push('redraw'),
		stop: () => log.push('stop'),
		signals,
		...(canStop ? {canStop} : {}),
	});
	const flushWrites = () => {
		for (const callback of pending.splice(0)) callback();
	};
	return {log, signals, suspender, flushWrites};
}

const restore = `write ${JSON.stringify(SHOW_CURSOR + LEAVE_ALT_SCREEN)}`;
const takeBack = `write ${JSON.stringify(ENTER_ALT_SCREEN + HIDE_CURSOR + CLEAR_SCREEN)}`;

describe('terminal suspender', () => {
	it('suspend: cooked mode, main screen and cursor, and only then stop', () => {
		const {log, suspender, flushWrites} = fakes();
		suspender.suspend();
		assert.deepEqual(log, ['raw false', restore], 'not stopped before the bytes are out');
		flushWrites();
		assert.deepEqual(log, ['raw false', restore, 'stop']);
	});

	it('with no job control (nothing could resume it) neither the key nor SIGTSTP touches the terminal or stops', () => {
		const {log, signals, suspender, flushWrites} = fakes(() => false);
		assert.equal(suspender.suspend(), false);
		signals.emit('SIGTSTP');
		flushWrites();
		assert.deepEqual(log, []);
		assert.equal(fakes().suspender.suspend(), true, 'with job control it says it stops');
	});

	it('SIGTSTP from outside does the same as the key', () => {
		const {log, signals, flushWrites} = fakes();
		signals.emit('SIGTSTP');
		flushWrites();
		assert.deepEqual(log, ['raw false', restore, 'stop']);
	});

	it('SIGCONT: alternate screen, hidden cursor, raw mode, then the whole frame', () => {
		const {log, signals, suspender, flushWrites} = fakes();
		suspender.suspend();
		flushWrites();
		log.length = 0;
		signals.emit('SIGCONT');
		assert.deepEqual(log, [takeBack, 'raw true', 'redraw']);
	});

	it('a second Ctrl-Z before the stop takes effect does nothing more', () => {
		const {log, suspender, flushWrites} = fakes();
		suspender.suspend();
		suspender.suspend();
		flushWrites();
		assert.deepEqual(log, ['raw false', restore, 'stop']);
	});

	it('suspends again after a resume', () => {
		const {log, signals, suspender, flushWrites} = fakes();
		suspender.suspend();
		flushWrites();
		signals.emit('SIGCONT');
		log.length = 0;
		signals.emit('SIGTSTP');
		flushWrites();
		assert.deepEqual(log, ['raw false', restore, 'stop']);
	});

	it('dispose stops listening, and a stop still pending is not sent', () => {
		const {log, signals, suspender, flushWrites} = fakes();
		suspender.suspend();
		suspender.dispose();
		flushWrites();
		signals.emit('SIGTSTP');
		signals.emit('SIGCONT');
		assert.deepEqual(log, ['raw false', restore]);
		assert.equal(signals.listenerCount('SIGTSTP') + signals.listenerCount('SIGCONT'), 0);
	});

	it('a terminal that is gone does not throw', () => {
		const signals = new EventEmitter();
		let stopped = false;
		const suspender = createTerminalSuspender({
			stdin: {
				isTTY: true,
				setRawMode: () => {
					throw new Error('EIO');
				},
			},
			stdout: {
				write: () => {
					throw new Error('EPIPE');
				},
			},
			redraw: () => {},
			stop: () => {
				stopped = true;
			},
			signals,
		});
		suspender.suspend();
		signals.emit('SIGCONT');
		assert.equal(stopped, true);
	});

	it('SIGCONT after a resize while stopped: new size, a resize event, then clear and the whole frame', () => {
		const log: string[] = [];
		const later: (() => void)[] = [];
		const signals = new EventEmitter();
		const events = new EventEmitter();
		const stdout = Object.assign(events, {
			isTTY: true,
			columns: 100,
			rows: 30,
			size: [100, 30] as [number, number],
			// Like Node's tty.WriteStream: re-read the size, 'resize' only when it changed.
			_refreshSize() {
				const [columns, rows] = this.size;
				if (columns === this.columns && rows === this.rows) return;
				this.columns = columns;
				this.rows = rows;
				events.emit('resize');
			},
			write(data: string, callback?: () => void) {
				log.push(`write ${JSON.stringify(data)}`);
				callback?.();
				return true;
			},
		});
		stdout.on('resize', () => log.push(`resize ${stdout.columns}x${stdout.rows}`));
		const suspender = createTerminalSuspender({
			stdin: {isTTY: true, setRawMode: (mode: boolean) => log.push(`raw ${mode}`)},
			stdout,
			redraw: () => log.push('redraw'),
			stop: () => log.push('stop'),
			afterResize: (then) => {
				log.push('(later)');
				later.push(then);
			},
			signals,
		});
		suspender.suspend();
		stdout.size = [80, 24]; // The stopped job gets no SIGWINCH.
		log.length = 0;
		signals.emit('SIGCONT');
		assert.deepEqual(log, [takeBack, 'raw true', 'resize 80x24', '(later)']);
		for (const then of later.splice(0)) then();
		assert.deepEqual(log, [
			takeBack,
			'raw true',
			'resize 80x24',
			'(later)',
			`write ${JSON.stringify(CLEAR_SCREEN)}`,
			'redraw',
		]);
		log.length = 0;
		signals.emit('SIGCONT'); // Same size: no resize event.
		assert.deepEqual(log, [takeBack, 'raw true', 'redraw']);
	});
});

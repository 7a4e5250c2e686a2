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
function fakes() {
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
});

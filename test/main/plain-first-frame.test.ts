// The window between the plain first frame and Ink's screen (plain-first-frame.ts): every way
// out gives the terminal back (main screen, cursor, cooked mode), stops, and exits with the
// dashboard's codes; once Ink's screen takes over, none of its handlers is left.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {plainFrameText, showPlainFirstFrame} from '../../source/main/plain-first-frame.js';
import {LEAVE_ALT_SCREEN, SHOW_CURSOR, TAKE_SCREEN} from '../../source/ui/terminal-screen.js';
import {FakeStdin, FakeStdout} from '../helpers/fake-terminal.js';

class RawStdin extends FakeStdin {
	raw: boolean[] = [];
	override setRawMode(mode?: boolean) {
		this.raw.push(Boolean(mode));
	}
}

const watched = [
	'SIGTERM',
	'SIGHUP',
	'SIGINT',
	'SIGTSTP',
	'SIGCONT',
	'uncaughtException',
	'unhandledRejection',
] as const;
const listenerCounts = () => watched.map((event) => process.listenerCount(event));

function show() {
	const stdout = new FakeStdout(80, 24, {keepFrames: true});
	const stdin = new RawStdin();
	const stops: number[] = [];
	const exits: number[] = [];
	const shown = showPlainFirstFrame(
		{stdout: stdout.asStream(), stdin: stdin.asStream()},
		() => ['line one', 'line two'],
		() => stops.push(1),
		(code) => exits.push(code),
	);
	return {stdout, stdin, stops, exits, shown};
}

describe('plain first frame on the terminal', () => {
	it('takes the screen as the dashboard does, writes the lines, and stops echoing keys (raw mode)', (t) => {
		const before = listenerCounts();
		const {stdout, stdin, shown} = show();
		t.after(() => shown.handOver());
		assert.equal(stdout.frames[0], plainFrameText(['line one', 'line two']));
		assert.ok(stdout.frames[0]!.startsWith(TAKE_SCREEN));
		assert.deepEqual(stdin.raw, [true]);
		shown.handOver();
		assert.deepEqual(listenerCounts(), before, 'no handler left for Ink to compete with');
		assert.equal(stdin.listenerCount('end'), 0);
	});

	for (const [signal, code] of [
		['SIGTERM', 143],
		['SIGHUP', 129],
		['SIGINT', 130],
	] as const)
		it(`${signal} meanwhile: main screen, cursor, cooked mode, stopped, exit ${code}`, () => {
			const before = listenerCounts();
			const {stdout, stdin, stops, exits} = show();
			process.emit(signal, signal);
			assert.equal(stdout.frames.at(-1), SHOW_CURSOR + LEAVE_ALT_SCREEN);
			assert.deepEqual(stdin.raw, [true, false]);
			assert.deepEqual(stops, [1]);
			assert.deepEqual(exits, [code]);
			assert.deepEqual(listenerCounts(), before);
		});

	it('the terminal gone (stdin ends): restored, exit 129', () => {
		const {stdout, stdin, exits} = show();
		stdin.emit('end');
		assert.equal(stdout.frames.at(-1), SHOW_CURSOR + LEAVE_ALT_SCREEN);
		assert.deepEqual(exits, [129]);
	});

	it('restore (Ink failed to load) gives the terminal back once, and leaves no handler', () => {
		const before = listenerCounts();
		const {stdout, stdin, shown, exits} = show();
		shown.restore();
		shown.restore();
		assert.deepEqual(
			stdout.frames.filter((frame) => frame === SHOW_CURSOR + LEAVE_ALT_SCREEN),
			[SHOW_CURSOR + LEAVE_ALT_SCREEN],
		);
		assert.deepEqual(stdin.raw, [true, false]);
		assert.deepEqual(exits, []);
		assert.deepEqual(listenerCounts(), before);
	});
});

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {exitNow} from '../../source/os/exit-now.js';

// A short command exits as soon as its output is handed over (source/os/exit-now.ts):
// never before a write still queued on stdout or stderr.
function fakeStream(pending: number) {
	const events: string[] = [];
	let queued = pending;
	const flush: (() => void)[] = [];
	return {
		events,
		stream: {
			get writableLength() {
				return queued;
			},
			write(_chunk: unknown, callback?: () => void) {
				events.push('write');
				if (callback) flush.push(callback);
				return true;
			},
		} as unknown as Pick<NodeJS.WriteStream, 'write' | 'writableLength'>,
		drain() {
			queued = 0;
			events.push('drained');
			for (const callback of flush.splice(0)) callback();
		},
	};
}

describe('exitNow', () => {
	it('exits at once when nothing is queued', async () => {
		const exits: number[] = [];
		const before = process.exitCode;
		try {
			await exitNow(3, [fakeStream(0).stream, fakeStream(0).stream], (code) => exits.push(code));
			assert.deepEqual(exits, [3]);
			assert.equal(process.exitCode, 3, 'the status is set even if the exit were skipped');
		} finally {
			process.exitCode = before;
		}
	});

	it('waits for queued output on every stream before exiting', async () => {
		const out = fakeStream(4096);
		const err = fakeStream(0);
		const exits: number[] = [];
		const before = process.exitCode;
		try {
			const done = exitNow(0, [out.stream, err.stream], (code) => {
				out.events.push('exit');
				exits.push(code);
			});
			await new Promise((resolve) => setImmediate(resolve));
			assert.deepEqual(exits, [], 'not while stdout holds unwritten bytes');
			out.drain();
			await done;
			assert.deepEqual(out.events, ['write', 'drained', 'exit']);
			assert.deepEqual(exits, [0]);
		} finally {
			process.exitCode = before;
		}
	});
});

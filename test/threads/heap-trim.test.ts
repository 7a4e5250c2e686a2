import assert from 'node:assert/strict';
import {afterEach, describe, it, mock} from 'node:test';
import {startHeapTrim} from '../../source/threads/heap-trim.js';

const global = globalThis as {gc?: unknown};
const original = global.gc;
afterEach(() => {
	mock.timers.reset();
	if (original === undefined) delete global.gc;
	else global.gc = original;
});

describe('heap trim', () => {
	it('collects every interval while running, and never after stop', () => {
		mock.timers.enable({apis: ['setInterval']});
		let collections = 0;
		global.gc = () => {
			collections++;
		};
		const stop = startHeapTrim(1000);
		mock.timers.tick(3500);
		assert.equal(collections, 3);
		stop();
		mock.timers.tick(5000);
		assert.equal(collections, 3);
	});

	it('does nothing where gc is not exposed (node dist/cli.js, tests)', () => {
		mock.timers.enable({apis: ['setInterval']});
		delete global.gc;
		const stop = startHeapTrim(1000);
		mock.timers.tick(5000);
		stop();
	});
});

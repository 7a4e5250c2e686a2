import assert from 'node:assert/strict';
import {describe, it, mock} from 'node:test';
import {getHeapStatistics} from 'node:v8';
import {AFTER_WALK_MS, collectSoon, startHeapTrim} from '../../source/threads/heap-trim.js';
import {globalGc, restoreGcAfterEach} from '../helpers/gc-stub.js';

restoreGcAfterEach();

describe('heap trim', () => {
	it('collects every interval while running, and never after stop', () => {
		mock.timers.enable({apis: ['setInterval']});
		let collections = 0;
		globalGc.gc = () => {
			collections++;
		};
		const stop = startHeapTrim(1000);
		mock.timers.tick(3500);
		assert.equal(collections, 3);
		stop();
		mock.timers.tick(5000);
		assert.equal(collections, 3);
	});

	it('brings the next collection forward after a full walk (collectSoon), the interval restarting there', () => {
		mock.timers.enable({apis: ['setInterval', 'setTimeout']});
		let collections = 0;
		globalGc.gc = () => {
			collections++;
		};
		const stop = startHeapTrim(20_000);
		mock.timers.tick(5000);
		collectSoon();
		collectSoon(); // a second notice before it ran: still one collection
		mock.timers.tick(AFTER_WALK_MS);
		assert.equal(collections, 1, 'collected right after the walk, not 20 s after the start');
		mock.timers.tick(20_000 - 1);
		assert.equal(collections, 1, 'the interval restarted at the walk: nothing at 20 s after the start');
		mock.timers.tick(1);
		assert.equal(collections, 2);
		stop();
		collectSoon();
		mock.timers.tick(60_000);
		assert.equal(collections, 2, 'nothing after stop');
	});

	it('takes gc at run time when node was not started with --expose-gc (the bin is #!/usr/bin/env node)', () => {
		mock.timers.enable({apis: ['setInterval']});
		delete globalGc.gc;
		let garbage: unknown[] | null = Array.from({length: 200_000}, (_, i) => ({i, text: `row ${i}`}));
		const before = getHeapStatistics().used_heap_size;
		garbage = null;
		const stop = startHeapTrim(1000);
		mock.timers.tick(1000);
		stop();
		const after = getHeapStatistics().used_heap_size;
		assert.equal(garbage, null);
		assert.ok(after < before - 5_000_000, `a full collection freed the garbage: ${before} → ${after} bytes`);
	});
});

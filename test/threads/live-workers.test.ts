import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {Worker} from 'node:worker_threads';
import {liveWorkerCount, terminateLiveWorkers, trackWorker} from '../../source/threads/live-workers.js';

describe('live workers', () => {
	it('terminateLiveWorkers ends every tracked worker and waits for its exit', async () => {
		const before = liveWorkerCount();
		const exits: number[] = [];
		for (let i = 0; i < 2; i++) {
			const worker = trackWorker(new Worker('setInterval(() => {}, 1000);', {eval: true}));
			worker.on('exit', (code) => exits.push(code));
		}
		assert.equal(liveWorkerCount(), before + 2);
		await terminateLiveWorkers();
		assert.equal(exits.length, 2, 'both exited before it resolved');
		assert.equal(liveWorkerCount(), 0);
	});

	it('with none alive it resolves at once', async () => {
		await terminateLiveWorkers();
		assert.equal(liveWorkerCount(), 0);
	});
});

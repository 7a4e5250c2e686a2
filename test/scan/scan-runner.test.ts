import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runPortScan, THREADS_FROM_PROBES, usesWorkers} from '../../source/scan/scan-runner.js';
import {top100, top1000} from '../../source/scan/top-ports.js';

// One decision for the CLI and the dashboard: where a scan's connects run.

const workersAlive = () =>
	process.getActiveResourcesInfo().some((r) => r === 'Worker' || r === 'MessagePort');

describe('scan runner: where the connects run', () => {
	it('keeps top100 and top1000 on this thread and sends big scans to workers', () => {
		assert.equal(usesWorkers(top100.length), false);
		assert.equal(usesWorkers(top1000.length), false);
		assert.equal(usesWorkers(256 * 10), false, 'a /24 block on 10 ports');
		assert.equal(usesWorkers(65535), true);
		assert.equal(usesWorkers(THREADS_FROM_PROBES), true);
		assert.equal(usesWorkers(65535, {threads: 0}), false, 'threads: 0 keeps them here');
		assert.equal(usesWorkers(65535, {connect: async () => 'closed'}), false, 'a fake connect runs here');
	});

	it('a real top100 scan of loopback starts no worker; a big one does, and stops it', async () => {
		let sawWorker = false;
		const small = await runPortScan({
			hosts: ['127.0.0.1'],
			ports: [...top100],
			progressIntervalMs: 0,
			onProgress: () => {
				sawWorker ||= workersAlive();
			},
		});
		assert.equal(small.total, 100);
		assert.equal(sawWorker, false, 'no worker during a top100 scan');
		const big = await runPortScan({
			hosts: ['127.0.0.1'],
			ports: Array.from({length: THREADS_FROM_PROBES}, (_, i) => i + 1),
			concurrency: 64,
			progressIntervalMs: 0,
			onProgress: () => {
				sawWorker ||= workersAlive();
			},
		});
		assert.equal(big.open + big.closed + big.filtered + big.unreachable, THREADS_FROM_PROBES);
		assert.equal(sawWorker, true, 'workers during a big scan');
		assert.equal(workersAlive(), false, 'and none left after it');
	});
});

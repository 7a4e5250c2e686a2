// A read that needs longer than the poll bound (an owner walk of 100,000 fds on a loaded
// machine) must finish at some point: each poll cut by the bound gets twice the bound next.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {type SocketSource, SourceError} from '../../source/sources/source.js';
import {createPollStore} from '../../source/store/poll-store.js';
import {FakeClock} from '../helpers/fake-clock.js';
import {storeSamples} from '../helpers/records.js';

/** Every read takes READ_MS of the fake clock, and gives up when aborted. */
function slowSource(clock: FakeClock, readMs: number) {
	let reads = 0;
	const source: SocketSource = {
		name: 'procfs',
		read: (signal) =>
			new Promise((resolve, reject) => {
				reads++;
				const timer = clock.setTimeout(
					() => resolve({records: [storeSamples.web], unattributed: 0, skippedLines: 0, warnings: []}),
					readMs,
				);
				signal.addEventListener('abort', () => {
					clock.clearTimeout(timer);
					reject(new SourceError('TIMEOUT', 'aborted'));
				});
			}),
	};
	return {source, reads: () => reads};
}

describe('poll store: a read slower than the poll bound', () => {
	it('is given twice the bound after each timeout, so it finishes and the data is fresh again', async () => {
		const clock = new FakeClock();
		const {source, reads} = slowSource(clock, 3000);
		const store = createPollStore({source, intervalMs: 1000, timeoutMs: 1000, clock});
		store.start();
		await clock.advance(3000); // the first read has the long bound: data
		assert.equal(store.getSnapshot().error, null);
		await clock.advance(1000); // cut at 1 s: stale
		assert.equal(store.getSnapshot().stale, true);
		assert.match(store.getSnapshot().error ?? '', /within 1000 ms/);
		await clock.advance(3000); // a whole interval after a failure, then cut at 2 s
		assert.match(store.getSnapshot().error ?? '', /within 2000 ms/);
		await clock.advance(4000); // 4 s is enough
		assert.equal(store.getSnapshot().error, null);
		assert.equal(store.getSnapshot().stale, false);
		assert.equal(reads(), 5, 'four reads done, the fifth under way (the last took longer than the interval)');
		// Back to the short bound after a success: the next slow read is cut at 1 s again.
		await clock.advance(1000);
		assert.match(store.getSnapshot().error ?? '', /within 1000 ms/);
		store.stop();
	});
});

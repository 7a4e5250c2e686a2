// A read that needs longer than the poll bound (an owner walk of 100,000 fds on a loaded
// machine) must finish at some point: each poll cut by the bound gets twice the bound next.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {type SocketSource, SourceError} from '../../source/sources/source.js';
import {createPollStore} from '../../source/store/poll-store.js';
import {FakeClock} from '../helpers/fake-clock.js';
import {storeSamples} from '../helpers/records.js';

/** Every read takes READ_MS of the fake clock, and gives up when aborted. */
function slowSource(clock: FakeClock, initialReadMs: number) {
	let reads = 0;
	let readMs = initialReadMs;
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
	return {
		source,
		reads: () => reads,
		setReadMs: (ms: number) => {
			readMs = ms;
		},
	};
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
		store.stop();
	});

	it('keeps a bound the read fits in after a success, and comes down as reads get quick again', async () => {
		const clock = new FakeClock();
		const {source, reads, setReadMs} = slowSource(clock, 1200);
		const store = createPollStore({source, intervalMs: 500, timeoutMs: 1000, clock});
		store.start();
		await clock.advance(1200); // first read: data
		await clock.advance(1000); // cut at 1 s
		assert.match(store.getSnapshot().error ?? '', /within 1000 ms/);
		await clock.advance(500 + 1200); // an interval, then 1.2 s within the 2 s bound
		assert.equal(store.getSnapshot().error, null);
		// Not straight back to 1 s (that cut every other read): each 1.2 s read still fits.
		for (let i = 0; i < 5; i++) {
			await clock.advance(1200);
			assert.equal(store.getSnapshot().error, null, `read ${reads()}`);
		}
		// Quick reads: the bound steps down to the short one…
		setReadMs(100);
		await clock.advance(1200); // the read under way ends; the next one (100 ms) at once
		await clock.advance(500);
		assert.equal(store.getSnapshot().error, null);
		// …so a read that hangs now is cut at 1 s again.
		setReadMs(60_000);
		await clock.advance(500 + 1000);
		assert.match(store.getSnapshot().error ?? '', /within 1000 ms/);
		store.stop();
	});
});

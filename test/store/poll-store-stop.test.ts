// stop() must leave nothing scheduled, even while a read that ignores its abort is under way:
// the read's deadline kept a stopped dashboard's process alive for its whole bound (60 s in
// test/main/compose-dashboard-rates-start.test.ts).
import assert from 'node:assert/strict';
import {it} from 'node:test';
import type {SocketSource} from '../../source/sources/source.js';
import {createPollStore} from '../../source/store/poll-store.js';
import {FakeClock, flush} from '../helpers/fake-clock.js';

it('poll store: stop() during a read that ignores its abort leaves no timer behind', async () => {
	const clock = new FakeClock();
	const source: SocketSource = {name: 'procfs', read: () => new Promise(() => {})};
	const store = createPollStore({source, intervalMs: 1000, timeoutMs: 1000, clock});
	store.start();
	await flush();
	assert.ok(clock.pending > 0, 'a first read has its deadline and progress timers');
	store.stop();
	assert.equal(clock.pending, 0);
});

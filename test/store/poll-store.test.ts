import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {SourceError} from '../../source/sources/source.js';
import {FIRST_POLL_TIMEOUT_MS} from '../../source/store/poll-bounds.js';
import {createPollStore} from '../../source/store/poll-store.js';
import {openRecords} from '../../source/store/snapshot.js';
import {FakeClock, flush} from '../helpers/fake-clock.js';
import {FakeSource} from '../helpers/fake-source.js';
import {rec, storeSamples} from '../helpers/records.js';

const {web, ssh, conn} = storeSamples;

function setup(source: FakeSource, intervalMs = 1000, timeoutMs?: number) {
	const clock = new FakeClock();
	const store = createPollStore({
		source,
		intervalMs,
		clock,
		highlightMs: 5000,
		...(timeoutMs ? {timeoutMs} : {}),
	});
	return {clock, store};
}

describe('poll store', () => {
	it('publishes the first poll with no rows marked new', async () => {
		const source = new FakeSource([{records: [web, ssh]}]);
		const {store} = setup(source);
		assert.equal(store.getSnapshot().loading, true);
		store.start();
		await flush();
		const snap = store.getSnapshot();
		assert.equal(snap.loading, false);
		assert.deepEqual(
			snap.rows.map((row) => row.status),
			['open', 'open'],
		);
		assert.deepEqual(openRecords(snap), [web, ssh]);
		store.stop();
	});

	it('returns the same snapshot object when a poll changes nothing', async () => {
		const source = new FakeSource([{records: [web, ssh]}, {records: [ssh, web]}]);
		const {clock, store} = setup(source);
		let notified = 0;
		store.subscribe(() => notified++);
		store.start();
		await flush();
		const first = store.getSnapshot();
		await clock.advance(1000);
		await clock.advance(1000);
		assert.equal(source.reads, 3);
		assert.equal(store.getSnapshot(), first);
		assert.equal(notified, 1);
		store.stop();
	});

	it('marks added rows new, then open after the highlight window', async () => {
		const source = new FakeSource([{records: [web]}, {records: [web, conn]}]);
		const {clock, store} = setup(source);
		store.start();
		await flush();
		await clock.advance(1000);
		const snap = store.getSnapshot();
		const added = snap.rows.find((row) => row.record === conn);
		assert.equal(added?.status, 'new');
		assert.deepEqual(snap.added, [added?.key]);
		assert.equal(added?.firstSeen, clock.now());
		await clock.advance(5000);
		const later = store.getSnapshot().rows.find((row) => row.key === added?.key);
		assert.equal(later?.status, 'open');
		assert.equal(later?.firstSeen, added?.firstSeen, 'first-seen time is kept');
		store.stop();
	});

	it('keeps closed rows for the highlight window, then drops them', async () => {
		const source = new FakeSource([{records: [web, conn]}, {records: [web]}]);
		const {clock, store} = setup(source);
		store.start();
		await flush();
		await clock.advance(1000);
		let snap = store.getSnapshot();
		assert.equal(snap.removed.length, 1);
		assert.equal(snap.rows.find((row) => row.record === conn)?.status, 'closed');
		assert.deepEqual(openRecords(snap), [web]);
		await clock.advance(5000);
		snap = store.getSnapshot();
		assert.equal(snap.rows.length, 1);
		store.stop();
	});

	it('treats a state or owner change as an update of the same row', async () => {
		const closing = rec({...conn, state: 'CLOSE_WAIT', pid: 12});
		const source = new FakeSource([{records: [conn]}, {records: [closing]}]);
		const {clock, store} = setup(source);
		store.start();
		await flush();
		const before = store.getSnapshot();
		await clock.advance(1000);
		const after = store.getSnapshot();
		assert.notEqual(after, before);
		assert.equal(after.rows.length, 1);
		assert.equal(after.rows[0]?.key, before.rows[0]?.key);
		assert.equal(after.rows[0]?.record.state, 'CLOSE_WAIT');
		assert.equal(after.rows[0]?.status, 'open');
		store.stop();
	});

	it('keeps the last good data while the source fails, marks it stale, and recovers', async () => {
		const source = new FakeSource([
			{records: [web]},
			{error: new SourceError('EACCES', 'permission denied')},
			{error: new SourceError('EACCES', 'permission denied')},
			{records: [web, ssh]},
		]);
		const {clock, store} = setup(source);
		store.start();
		await flush();
		await clock.advance(1000);
		const failing = store.getSnapshot();
		assert.equal(failing.error, 'permission denied');
		assert.equal(failing.stale, true);
		assert.deepEqual(openRecords(failing), [web]);
		await clock.advance(1000);
		assert.equal(store.getSnapshot(), failing, 'the same error twice is not a change');
		await clock.advance(1000);
		const recovered = store.getSnapshot();
		assert.equal(recovered.error, null);
		assert.equal(recovered.stale, false);
		assert.equal(openRecords(recovered).length, 2);
		store.stop();
	});

	it('reports an error without data when the very first poll fails', async () => {
		const source = new FakeSource([{error: new SourceError('ENOENT', 'netstat was not found')}]);
		const {store} = setup(source);
		store.start();
		await flush();
		const snap = store.getSnapshot();
		assert.equal(snap.error, 'netstat was not found');
		assert.equal(snap.stale, false);
		assert.equal(snap.loading, false);
		store.stop();
	});

	it('wraps unexpected exceptions into a one-line error', async () => {
		const source = new FakeSource([{error: new TypeError('boom') as unknown as SourceError}]);
		const {store} = setup(source);
		store.start();
		await flush();
		assert.equal(store.getSnapshot().error, 'boom');
		store.stop();
	});

	it('times out a hanging poll, then polls again', async () => {
		const source = new FakeSource([{records: [web]}, {hang: true}, {records: [web, ssh]}]);
		const {clock, store} = setup(source, 1000, 3000);
		store.start();
		await flush();
		await clock.advance(1000);
		assert.equal(source.reads, 2);
		await clock.advance(2999);
		assert.equal(store.getSnapshot().error, null);
		await clock.advance(1);
		assert.match(store.getSnapshot().error ?? '', /did not answer within 3000 ms/);
		assert.equal(store.getSnapshot().stale, true);
		await clock.advance(999);
		assert.equal(source.reads, 2, 'waits a whole interval after a failure');
		await clock.advance(1);
		assert.equal(source.reads, 3);
		assert.equal(store.getSnapshot().error, null);
		assert.equal(source.maxActive, 1);
		store.stop();
	});

	it('never overlaps polls, even when a source ignores its abort signal', async () => {
		const source = new FakeSource([{records: [web]}, {hang: true, ignoreAbort: true}]);
		const {clock, store} = setup(source, 200, 500);
		store.start();
		await flush();
		await clock.advance(10_000);
		assert.equal(source.reads, 2, 'no new poll while the hung one is unsettled');
		assert.equal(source.maxActive, 1);
		assert.match(store.getSnapshot().error ?? '', /did not answer/);
		store.stop();
	});

	it('does not start a second poll when refresh is asked during a poll', async () => {
		let release: (records: (typeof web)[]) => void = () => {};
		const slow = new Promise<(typeof web)[]>((resolve) => {
			release = resolve;
		});
		const source = new FakeSource([{records: [web]}, {delayed: slow}, {records: [web, ssh]}]);
		const {clock, store} = setup(source);
		store.start();
		await flush();
		await clock.advance(1000);
		assert.equal(source.reads, 2);
		const refreshed = store.refresh();
		await flush();
		assert.equal(source.reads, 2);
		release([web]);
		await refreshed;
		assert.equal(source.reads, 3);
		assert.equal(source.maxActive, 1);
		assert.equal(openRecords(store.getSnapshot()).length, 2);
		store.stop();
	});

	it('stop() leaves no timer behind and publishes nothing more', async () => {
		const source = new FakeSource([{records: [web]}, {hang: true}]);
		const {clock, store} = setup(source, 1000, 3000);
		store.start();
		await flush();
		await clock.advance(1000);
		const before = store.getSnapshot();
		store.stop();
		await flush();
		assert.equal(clock.pending, 0);
		await clock.advance(60_000);
		assert.equal(store.getSnapshot(), before);
		assert.equal(source.active, 0);
	});

	it('gives identical endpoints distinct stable keys', async () => {
		const a = rec({proto: 'udp', localPort: 5353, state: 'UNCONN', inode: 2, pid: 1});
		const b = rec({proto: 'udp', localPort: 5353, state: 'UNCONN', inode: 1, pid: 2});
		const source = new FakeSource([{records: [a, b]}, {records: [b, a]}]);
		const {clock, store} = setup(source);
		store.start();
		await flush();
		const first = store.getSnapshot();
		assert.equal(new Set(first.rows.map((row) => row.key)).size, 2);
		await clock.advance(1000);
		assert.equal(store.getSnapshot(), first);
		store.stop();
	});

	it('reports unattributed counts and publishes when they change', async () => {
		const source = new FakeSource([
			{records: [web], unattributed: 3},
			{records: [web], unattributed: 4},
		]);
		const {clock, store} = setup(source);
		store.start();
		await flush();
		assert.equal(store.getSnapshot().unattributed, 3);
		await clock.advance(1000);
		assert.equal(store.getSnapshot().unattributed, 4);
		store.stop();
	});

	it('diffs big tables (merged in slices) exactly', async () => {
		const big = Array.from({length: 12_000}, (_, i) =>
			rec({
				localPort: 1000 + (i % 60_000),
				remoteAddress: '127.0.0.1',
				remotePort: 20_000 + i,
				state: 'ESTABLISHED',
			}),
		);
		const changedState = rec({...big[7000]!, state: 'CLOSE_WAIT'});
		const second = [
			...big.slice(1, 7000),
			changedState,
			...big.slice(7001),
			rec({localPort: 1, state: 'LISTEN'}),
		];
		const source = new FakeSource([{records: big}, {records: second}, {records: second}]);
		const {clock, store} = setup(source);
		store.start();
		await flush();
		await flush();
		assert.equal(store.getSnapshot().rows.length, 12_000);
		await clock.advance(1000);
		await flush();
		const snap = store.getSnapshot();
		assert.equal(snap.added.length, 1);
		assert.equal(snap.removed.length, 1);
		assert.equal(snap.rows.find((row) => row.record.remotePort === 27_000)?.record.state, 'CLOSE_WAIT');
		await clock.advance(1000);
		await flush();
		assert.equal(store.getSnapshot(), snap, 'an identical big poll publishes nothing');
		assert.equal(openRecords(snap).length, 12_000);
		store.stop();
	});
	it('waits for the first data past the poll timeout, saying how long, then bounds later polls', async () => {
		let answer: (records: (typeof web)[]) => void = () => {};
		const slow = new Promise<(typeof web)[]>((resolve) => {
			answer = resolve;
		});
		const source = new FakeSource([{delayed: slow}, {hang: true}, {records: [web, ssh]}]);
		const {clock, store} = setup(source, 1000, 1000);
		store.start();
		await flush();
		assert.equal(store.getSnapshot().waitingMs, 0);
		await clock.advance(3000);
		const waiting = store.getSnapshot();
		assert.equal(waiting.loading, true);
		assert.equal(waiting.error, null, 'the first read is not cut at the 1 s poll timeout');
		assert.equal(waiting.waitingMs, 3000);
		answer([web]);
		await flush();
		const first = store.getSnapshot();
		assert.equal(first.loading, false);
		assert.equal(first.waitingMs, null);
		assert.deepEqual(openRecords(first), [web]);
		// The next poll (at once: the first took longer than the interval) hangs: cut at the
		// short timeout, the data stays, marked stale.
		await clock.advance(1000);
		const stale = store.getSnapshot();
		assert.match(stale.error ?? '', /within 1000 ms/);
		assert.equal(stale.stale, true);
		assert.equal(stale.waitingMs, null);
		assert.deepEqual(openRecords(stale), [web]);
		store.stop();
		assert.equal(clock.pending, 0);
	});

	it('gives up on a first read only at the long cap, with no stale data to show', async () => {
		const source = new FakeSource([{hang: true}]);
		const {clock, store} = setup(source, 1000, 1000);
		store.start();
		await clock.advance(FIRST_POLL_TIMEOUT_MS - 1);
		assert.equal(store.getSnapshot().error, null);
		assert.equal(store.getSnapshot().waitingMs, FIRST_POLL_TIMEOUT_MS - 1000);
		await clock.advance(1);
		const failed = store.getSnapshot();
		assert.match(failed.error ?? '', new RegExp(`within ${FIRST_POLL_TIMEOUT_MS} ms`));
		assert.equal(failed.stale, false, 'no last good data to speak of');
		assert.equal(failed.waitingMs, null);
		store.stop();
		assert.equal(clock.pending, 0);
	});

	it("marks the first poll's rows as seen at start, later ones not", async () => {
		const source = new FakeSource([{records: [web]}, {records: [web, ssh]}]);
		const {clock, store} = setup(source);
		store.start();
		await flush();
		await clock.advance(1000);
		const rows = store.getSnapshot().rows;
		assert.deepEqual(
			rows.map((row) => [row.record.localPort, row.seenAtStart]),
			[
				[80, true],
				[22, false],
			],
		);
		store.stop();
	});

	it('lists rows that changed in place, and keeps unchanged rows of a full delta', async () => {
		const waiting = rec({...conn, state: 'CLOSE_WAIT'});
		const source = new FakeSource([{records: [web, conn]}, {records: [web, waiting]}]);
		const {clock, store} = setup(source);
		store.start();
		await flush();
		const before = store.getSnapshot();
		assert.deepEqual(before.changed, []);
		await clock.advance(1000);
		const after = store.getSnapshot();
		assert.deepEqual(after.changed, [after.rows[1]!.key]);
		assert.deepEqual(after.added, []);
		assert.equal(after.rows[0], before.rows[0], 'an unchanged row keeps its object');
		store.stop();
	});
});

// The store's tables-first start (issue 14): a first read of the socket tables alone, its
// rows marked as waiting for owners, and a second read at once that fills them in.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {createPollStore} from '../../source/store/poll-store.js';
import {createEventTracker} from '../../source/store/socket-events.js';
import {FakeClock, flush} from '../helpers/fake-clock.js';
import {rec} from '../helpers/records.js';
import {SlowOwnerSource} from '../helpers/slow-owner-source.js';

const web = rec({localPort: 80, pid: 10, process: 'nginx', inode: 501});
// Held, but its owner is another user's: no owner found by the full read either.
const hidden = rec({localPort: 81, inode: 502});
const timeWait = rec({localPort: 9000, remoteAddress: '127.0.0.1', remotePort: 80, state: 'TIME_WAIT'});

describe('poll store, tables first', () => {
	it('publishes the tables with owners pending, then reads owners at once and clears every mark', async () => {
		const source = new SlowOwnerSource([web, hidden, timeWait]);
		const clock = new FakeClock();
		const store = createPollStore({source, intervalMs: 2000, clock, tablesFirst: true});
		const tracker = createEventTracker();
		store.start();
		await flush();
		const pending = store.getSnapshot();
		assert.equal(pending.ownersPending, true);
		assert.equal(pending.loading, false);
		assert.deepEqual(
			pending.rows.map((row) => [row.record.localPort, row.record.pid, row.ownersPending ?? false]),
			[
				[80, null, true],
				[81, null, true],
				[9000, null, false],
			],
			'held sockets wait for owners; a TIME_WAIT (no inode) has none to wait for',
		);
		assert.deepEqual(
			tracker.next(pending),
			[],
			'no events before the owners: a log or alert on proc: needs them',
		);
		// The next read is due now (delay 0 on the store's clock), not an interval later.
		await clock.advance(0);
		assert.deepEqual(
			source.hints,
			[{ownersLater: true}, undefined],
			'the owners read started without waiting an interval',
		);

		source.release();
		await flush();
		const filled = store.getSnapshot();
		assert.equal(clock.now(), 1_700_000_000_000, 'no time passed: not a poll an interval later');
		assert.equal(filled.ownersPending, undefined);
		assert.deepEqual(
			filled.rows.map((row) => [
				row.record.localPort,
				row.record.pid,
				row.ownersPending ?? false,
				row.status,
			]),
			[
				[80, 10, false, 'open'],
				[81, null, false, 'open'],
				[9000, null, false, 'open'],
			],
			'owners filled; the row whose owner was not found is no longer pending either; nothing reads as new',
		);
		const events = tracker.next(filled);
		assert.deepEqual(
			events.map((event) => [event.kind, event.row.record.pid]),
			[
				['open', 10],
				['open', null],
				['open', null],
			],
		);
		store.stop();
	});

	it('without tablesFirst every read is a full one (the --json stream, --once)', async () => {
		const source = new SlowOwnerSource([web]);
		source.release();
		const store = createPollStore({source, intervalMs: 2000, clock: new FakeClock()});
		store.start();
		await flush();
		assert.deepEqual(source.hints, [undefined]);
		assert.equal(store.getSnapshot().ownersPending, undefined);
		assert.equal(store.getSnapshot().rows[0]?.record.pid, 10);
		store.stop();
	});
});

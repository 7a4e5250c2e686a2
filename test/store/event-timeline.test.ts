import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {createEventTimeline, TIMELINE_CAPACITY} from '../../source/store/event-timeline.js';
import type {SocketEvent} from '../../source/store/socket-events.js';
import {rec} from '../helpers/records.js';

const listener = rec({localPort: 8080, pid: 42, process: 'node', inode: 1});
const row = (record: typeof listener, key: string) => ({
	key,
	record,
	firstSeen: 0,
	seenAtStart: false,
	status: 'open' as const,
	since: 0,
});
const open = (record: typeof listener, key: string, at: number): {event: SocketEvent; changed: string[]} => ({
	event: {kind: 'open', at, row: row(record, key)},
	changed: [],
});
const connection = (i: number) =>
	rec({
		localPort: 8080,
		remoteAddress: '127.0.0.1',
		remotePort: 10_000 + i,
		state: 'ESTABLISHED',
		inode: 100 + i,
	});

describe('event timeline budgets (QA: a 10k connection burst evicted every listener event)', () => {
	it('a burst of a full ring of connection events keeps the listener events', () => {
		const timeline = createEventTimeline();
		timeline.push([open(listener, 'listener', 1)]);
		const burst = Array.from({length: TIMELINE_CAPACITY + 500}, (_, i) => open(connection(i), `c${i}`, 2));
		timeline.push(burst);
		const kept = timeline.newestFirst();
		const listeners = kept.filter((entry) => entry.event.row.key === 'listener');
		assert.equal(listeners.length, 1, 'the listener open is still in the history');
		assert.equal(kept.at(-1)!.event.row.key, 'listener', 'oldest last');
		assert.equal(kept.length, TIMELINE_CAPACITY + 1);
		assert.equal(timeline.total(), TIMELINE_CAPACITY + 501);
		// The connections kept are the newest ones, newest first.
		assert.equal(kept[0]!.event.row.key, `c${TIMELINE_CAPACITY + 499}`);
		assert.equal(kept[TIMELINE_CAPACITY - 1]!.event.row.key, 'c500');
	});

	it('reads both rings back merged in the order events happened', () => {
		const timeline = createEventTimeline(3, 2);
		timeline.push([
			open(listener, 'l1', 1),
			open(connection(1), 'c1', 2),
			open(listener, 'l2', 3),
			open(connection(2), 'c2', 4),
			open(listener, 'l3', 5),
			open(connection(3), 'c3', 6),
			open(connection(4), 'c4', 7),
		]);
		assert.deepEqual(
			timeline.newestFirst().map((entry) => entry.event.row.key),
			['c4', 'c3', 'l3', 'c2', 'l2'],
		);
		assert.deepEqual(
			timeline.newestFirst().map((entry) => entry.seq),
			[7, 6, 5, 4, 3],
		);
	});

	it('a listener that changes to a connection state is still a listener event', () => {
		const timeline = createEventTimeline(1, 1);
		const closed = {...listener, state: 'CLOSE' as const};
		timeline.push([
			{event: {kind: 'change', at: 1, row: row(closed, 'l'), before: listener}, changed: ['state']},
			open(connection(1), 'c1', 2),
		]);
		assert.deepEqual(
			timeline.newestFirst().map((entry) => entry.event.row.key),
			['c1', 'l'],
		);
	});
});

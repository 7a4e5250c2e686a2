import type {SocketRecord} from '../model/socket-record.js';
import type {Row, Snapshot} from './snapshot.js';

// The one place open / change / close events are derived from the store's snapshots:
// `socktop --json` prints them (cli/run-stream.ts), the dashboard keeps them as its
// history, logs them (--log) and matches alerts against them (main/).

export type CloseReason = 'gone' | 'unmatched';

export interface FinalCounters {
	readonly bytesSent: number;
	readonly bytesReceived: number;
}

export type SocketEvent =
	| {readonly kind: 'open'; readonly at: number; readonly row: Row}
	/**
	 * `before`: the socket as last reported (the fields a `change` says were different).
	 * `final`: the counters when the kernel destroyed the socket (`ss -E`), on the change that
	 * took its inode away (an active closer's ESTABLISHED → TIME_WAIT), when known.
	 */
	| {
			readonly kind: 'change';
			readonly at: number;
			readonly row: Row;
			readonly before: SocketRecord;
			readonly final?: FinalCounters;
	  }
	| {
			readonly kind: 'close';
			readonly at: number;
			readonly row: Row;
			readonly reason: CloseReason;
			/** The connection's counters when the kernel destroyed it (`ss -E`), when known. */
			readonly final?: FinalCounters;
	  };

export interface EventTracker {
	/**
	 * The events a snapshot brings, in the order a reader applies them: opens, changes,
	 * closes. The first good snapshot's sockets are all `open`. Nothing for a snapshot
	 * already seen, one still loading, one whose owners are pending, or one with an error
	 * (the last good data stands).
	 */
	next(snapshot: Snapshot): SocketEvent[];
}

/**
 * Tracks the sockets a reader holds (reported open, not yet closed), as last reported.
 * A socket that starts matching `matches` opens, one that stops matching closes with
 * `reason: "unmatched"`.
 */
export function createEventTracker(matches: (record: SocketRecord) => boolean = () => true): EventTracker {
	let started = false;
	let seen: Snapshot | null = null;
	const shown = new Map<string, SocketRecord>();

	return {
		next(snapshot) {
			if (snapshot === seen) return [];
			seen = snapshot;
			// Owners pending (tables first): the next snapshot, at once, says who holds each socket,
			// and an alert or log line on `proc:` must not see them without.
			if (snapshot.error !== null || snapshot.loading || snapshot.ownersPending) return [];
			// The time of the poll that brought the change (a test's fake clock makes it exact).
			const at = snapshot.updatedAt ?? snapshot.lastGoodAt ?? 0;
			const events: SocketEvent[] = [];
			const open = (row: Row) => {
				if (!matches(row.record)) return;
				shown.set(row.key, row.record);
				events.push({kind: 'open', at, row});
			};
			const close = (row: Row, reason: CloseReason) => {
				if (!shown.delete(row.key)) return;
				events.push({kind: 'close', at, row, reason});
			};
			const change = (row: Row) => {
				const before = shown.get(row.key);
				if (before === undefined) return open(row);
				if (!matches(row.record)) return close(row, 'unmatched');
				shown.set(row.key, row.record);
				events.push({kind: 'change', at, row, before});
			};
			if (!started) {
				started = true;
				for (const row of snapshot.rows) if (row.status !== 'closed') open(row);
				return events;
			}
			if (snapshot.added.length === 0 && snapshot.removed.length === 0 && snapshot.changed.length === 0)
				return events;
			const byKey = new Map(snapshot.rows.map((row) => [row.key, row]));
			const each = (keys: readonly string[], action: (row: Row) => void) => {
				for (const key of keys) {
					const row = byKey.get(key);
					if (row) action(row);
				}
			};
			each(snapshot.added, open);
			each(snapshot.changed, change);
			each(snapshot.removed, (row) => close(row, 'gone'));
			return events;
		},
	};
}

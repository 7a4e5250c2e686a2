// The dashboard's first socket tables, handed to the plain first frame (main/compose-dashboard.ts)
// the moment they are read, before the differ keys them and the store applies them. At 10,000
// connections (20,001 sockets read on the main thread) those two steps took ≈ 210 ms of CPU
// between the tables in hand and the frame's write (in-process marks, load ≈ 2, 2026-12-01
// 01:20 UTC: records at 581 ms of CPU, the store's first data at 796 ms, 32 scavenges):
// docs/first-frame.md. The frame needs only the header's counts and the sorted listeners.
import type {SocketRecord, SourceResult} from '../model/socket-record.js';
import type {SourceName} from '../sources/source.js';
import {keyRecordsNow, resultFacts} from './record-differ.js';
import type {Row, Snapshot} from './snapshot.js';

/** Where a tables-only first read is delivered (worker-feed.ts) and listened to (the frame). */
export interface FirstTables {
	/** A read's result: the first tables-only one is passed on, at once, before it is diffed. */
	deliver(result: SourceResult): void;
	/**
	 * LISTENER gets the first tables-only result, synchronously where it is delivered (or now,
	 * if it came before). A listener that throws loses its frame, not the read. Returns the
	 * unsubscribe.
	 */
	listen(listener: (result: SourceResult) => void): () => void;
	/** No listener now or later: drops a kept result (its 20,000 records) and ignores the rest. */
	close(): void;
}

export function createFirstTables(): FirstTables {
	let delivered = false;
	let kept: SourceResult | null = null;
	let listener: ((result: SourceResult) => void) | null = null;
	const call = (result: SourceResult) => {
		const current = listener;
		listener = null;
		try {
			current?.(result);
		} catch {
			// The frame is drawn later from the store's snapshot, as without this.
		}
	};
	return {
		deliver(result) {
			if (delivered || !result.ownersPending) return;
			delivered = true;
			if (listener === null) kept = result;
			else call(result);
		},
		listen(next) {
			listener = next;
			if (kept !== null) {
				const result = kept;
				kept = null;
				call(result);
			}
			return () => {
				if (listener === next) listener = null;
			};
		},
		close() {
			delivered = true;
			kept = null;
			listener = null;
		},
	};
}

export interface ProvisionalOptions {
	readonly source: SourceName;
	/** The time of the data (the store uses the read's end: the same moment give or take the diff). */
	readonly now: number;
	/** Records whose rows are sorted by the frame (the listeners): they get their real row key. */
	readonly keyed: (record: SocketRecord) => boolean;
}

/** The first tables' snapshot for the plain frame, and the records it counts without rows. */
export interface Provisional {
	/** Rows only for the records KEYED selects. */
	readonly snapshot: Snapshot;
	/**
	 * The other records, each an open row seen at start (owners pending when it has an inode)
	 * that was not made: the frame only counts them (plain-frame.ts `unrowed`). At 10,000
	 * connections that is 20,000 row objects not allocated before the frame (docs/first-frame.md).
	 */
	readonly unrowed: readonly SocketRecord[];
}

/**
 * The snapshot the store's first apply of RESULT (a full tables-only delta) would publish, for
 * the plain first frame only: the same header facts, and rows (open, seen at start, owners
 * pending for a held socket) for the records KEYED selects (the ones the frame sorts: the
 * listeners); the others are handed back as records, to be counted. The rows get their row key
 * (sorting ties fall back to it: pane-data.ts), built as the differ builds it, with every record
 * that could share it (same local and remote port) keyed alongside so that `#2`, `#3` come out
 * the same. Not for the store nor the Ink screen.
 */
export function provisionalSnapshot(result: SourceResult, options: ProvisionalOptions): Provisional {
	const {records} = result;
	const {now, keyed} = options;
	// Local port → remote ports of the keyed records: a record can share a base key (row-key.ts)
	// with one only if both ports are equal.
	const ports = new Map<number, Set<number | null>>();
	const rowed: SocketRecord[] = [];
	const unrowed: SocketRecord[] = [];
	for (const record of records) {
		if (!keyed(record)) {
			unrowed.push(record);
			continue;
		}
		rowed.push(record);
		const remote = ports.get(record.localPort) ?? new Set<number | null>();
		remote.add(record.remotePort);
		ports.set(record.localPort, remote);
	}
	const candidates = records.filter((record) => ports.get(record.localPort)?.has(record.remotePort) === true);
	const keys = new Map<SocketRecord, string>();
	for (const [key, record] of keyRecordsNow(candidates)) keys.set(record, key);
	const rows: Row[] = rowed.map((record) => {
		const key = keys.get(record) ?? '';
		return record.inode === null
			? {key, record, firstSeen: now, seenAtStart: true, status: 'open', since: now}
			: {key, record, firstSeen: now, seenAtStart: true, status: 'open', since: now, ownersPending: true};
	});
	return {snapshot: provisional(result, options, rows), unrowed};
}

function provisional(result: SourceResult, options: ProvisionalOptions, rows: Row[]): Snapshot {
	const {now} = options;
	return {
		version: 1,
		source: options.source,
		rows,
		added: [],
		removed: [],
		changed: [],
		updatedAt: now,
		lastGoodAt: now,
		error: null,
		stale: false,
		loading: false,
		waitingMs: null,
		...resultFacts(result),
		ownersPending: true,
	};
}

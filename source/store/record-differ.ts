import type {UnattributedCause} from '../model/attribution.js';
import type {SocketRecord, SourceResult} from '../model/socket-record.js';
import {baseKey, sameFacts} from './row-key.js';

/**
 * What changed in the socket table since the last committed poll. Small when little
 * changed, so it is cheap to send from a worker thread and to apply to the rows.
 */
export interface RecordDelta {
	/** Every socket is in `upserts` and anything else is gone (the first poll, or a restarted worker). */
	readonly full: boolean;
	/** Sockets that appeared or changed (state, owner, user), with their row keys. */
	readonly upserts: ReadonlyArray<readonly [key: string, record: SocketRecord]>;
	/** Keys of sockets that went away (empty when `full`). */
	readonly removed: readonly string[];
	readonly unattributed: number;
	readonly unattributedCause: UnattributedCause | null;
	readonly skippedLines: number;
	readonly warnings: readonly string[];
	readonly hosts?: SourceResult['hosts'];
	readonly netnsAddresses?: SourceResult['netnsAddresses'];
	/** The source read the tables only: held sockets' owners follow in a later delta (SourceResult.ownersPending). */
	readonly ownersPending?: boolean;
}

/** A delta and the step that makes it the base of the next one, once it has been applied. */
export interface PendingDelta {
	readonly delta: RecordDelta;
	commit(): void;
}

/** Between slices of a long diff: lets the event loop run (null: no pauses, e.g. on a worker thread). */
export type Pause = (() => Promise<void>) | null;

/** Records handled between two pauses (here and where the store applies a delta). */
export const SLICE_ROWS = 5000;

const byIdentity = (a: SocketRecord, b: SocketRecord) =>
	(a.inode ?? 0) - (b.inode ?? 0) || (a.pid ?? 0) - (b.pid ?? 0) || compareText(a.state, b.state);

// Not localeCompare: state names are ASCII, and ICU's collator costs the process ≈2.6 MB of
// resident memory the first time it is used (`node -e "'a'.localeCompare('b')"`: RssFile 34 → 36.7 MB).
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Turns successive source results into deltas. Keeps each socket's row key and
 * record (compared with sameFacts, row-key.ts) from the last *committed* result: a delta that was not
 * applied (its poll timed out, the store stopped) is simply not committed, and the next
 * one is taken against the same base.
 */
export class RecordDiffer {
	private prints = new Map<string, SocketRecord>();
	private hasBase = false;

	/** Forgets the base: the next delta is full. */
	reset(): void {
		this.prints = new Map();
		this.hasBase = false;
		this.baseResult = null;
	}

	/** The result of the base: a source that found nothing changed returns it again (procfs-source.ts). */
	private baseResult: SourceResult | null = null;

	async diff(result: SourceResult, pause: Pause = null): Promise<PendingDelta> {
		if (this.hasBase && result === this.baseResult) return {delta: emptyDelta(result), commit: () => {}};
		const full = !this.hasBase;
		const previous = this.prints;
		const next = new Map<string, SocketRecord>();
		const upserts: [string, SocketRecord][] = [];
		const keyed = await keyRecords(result.records, pause);
		// This read's record → the base's equal one (sameKept below).
		const same = new Map<SocketRecord, SocketRecord>();
		let count = 0;
		for (const [key, record] of keyed) {
			if (pause && ++count % SLICE_ROWS === 0) await pause();
			if (full) {
				next.set(key, record);
				upserts.push([key, record]);
				continue;
			}
			const before = previous.get(key);
			if (before === undefined || !sameFacts(before, record)) {
				next.set(key, record);
				upserts.push([key, record]);
			} else {
				next.set(key, before);
				if (before !== record) same.set(record, before);
			}
		}
		const removed: string[] = [];
		if (!full) {
			for (const key of previous.keys()) if (!next.has(key)) removed.push(key);
		}
		const delta: RecordDelta = {
			full,
			upserts,
			removed,
			...resultFacts(result),
			...(result.ownersPending ? {ownersPending: true} : {}),
		};
		return {
			delta,
			commit: () => {
				this.prints = next;
				this.hasBase = true;
				this.baseResult = result;
				sameKept(result.records, same);
			},
		};
	}
}

/**
 * An unchanged socket keeps one record object: the base's, which the store's row holds too
 * (a row stays while its facts do). The new read's equal record is dropped from the base and
 * from the result (which a source keeps to return again when nothing changed: procfs-source.ts),
 * so the two polls' records are not both alive: at 10,000 connections a second set of 20,000
 * records (≈3 MB) in a heap snapshot of the dashboard (docs/memory.md). What the table shows
 * does not change: the store's row kept the base record already.
 */
function sameKept(records: readonly SocketRecord[], same: ReadonlyMap<SocketRecord, SocketRecord>): void {
	if (same.size === 0 || !Array.isArray(records) || Object.isFrozen(records)) return;
	const writable = records as SocketRecord[];
	for (let i = 0; i < writable.length; i++) {
		const kept = same.get(writable[i]!);
		if (kept !== undefined) writable[i] = kept;
	}
}

function emptyDelta(result: SourceResult): RecordDelta {
	return {
		full: false,
		upserts: [],
		removed: [],
		...resultFacts(result),
		...(result.ownersPending ? {ownersPending: true} : {}),
	};
}

/** What a read says besides its records, as a delta (and a snapshot: first-tables.ts) carries it. */
export function resultFacts(
	result: SourceResult,
): Pick<
	RecordDelta,
	'unattributed' | 'unattributedCause' | 'skippedLines' | 'warnings' | 'hosts' | 'netnsAddresses'
> {
	return {
		unattributed: result.unattributed,
		unattributedCause: result.unattributedCause ?? null,
		skippedLines: result.skippedLines,
		warnings: result.warnings,
		...(result.hosts ? {hosts: result.hosts} : {}),
		...(result.netnsAddresses ? {netnsAddresses: result.netnsAddresses} : {}),
	};
}

/**
 * Gives every record a stable key. Sockets with identical endpoints (SO_REUSEPORT
 * listeners, several TIME_WAITs) get `#2`, `#3`… in a deterministic order so they keep
 * their identity from one poll to the next. One Map for the common case; the rare
 * shared endpoints are grouped only when they occur.
 */
export async function keyRecords(
	records: readonly SocketRecord[],
	pause: Pause = null,
): Promise<Map<string, SocketRecord>> {
	const keyer = createKeyer();
	let count = 0;
	for (const record of records) {
		if (pause && ++count % SLICE_ROWS === 0) await pause();
		keyer.add(record);
	}
	return keyer.done();
}

/**
 * keyRecords without pauses, synchronous: the plain first frame keys the few records it sorts
 * (first-tables.ts) in the tick their table arrives, before the differ's first slice.
 */
export function keyRecordsNow(records: readonly SocketRecord[]): Map<string, SocketRecord> {
	const keyer = createKeyer();
	for (const record of records) keyer.add(record);
	return keyer.done();
}

/** The keying itself, one record at a time (keyRecords pauses between slices, keyRecordsNow not). */
function createKeyer(): {add(record: SocketRecord): void; done(): Map<string, SocketRecord>} {
	const keyed = new Map<string, SocketRecord>();
	let shared: Map<string, SocketRecord[]> | null = null;
	return {
		add(record) {
			const key = baseKey(record);
			const first = keyed.get(key);
			if (first === undefined) {
				keyed.set(key, record);
				return;
			}
			shared ??= new Map();
			const group = shared.get(key);
			if (group) group.push(record);
			else shared.set(key, [first, record]);
		},
		done() {
			if (shared) numberShared(keyed, shared);
			return keyed;
		},
	};
}

/** Records sharing one base key get `key`, `key#2`, `key#3`… in a deterministic order (byIdentity). */
function numberShared(keyed: Map<string, SocketRecord>, shared: ReadonlyMap<string, SocketRecord[]>): void {
	for (const [key, group] of shared) {
		group.sort(byIdentity);
		group.forEach((record, index) => {
			keyed.set(index === 0 ? key : `${key}#${index + 1}`, record);
		});
	}
}

import type {Predicate} from '../../filter/filter.js';
import {isUnattributed} from '../../model/attribution.js';
import type {SocketRecord} from '../../model/socket-record.js';
import type {Row, Snapshot} from '../../store/snapshot.js';
import {COLUMNS} from './columns.js';
import {HOST_COLUMN} from './host-column.js';
import {TRAFFIC_SORT_COLUMNS} from './traffic-cells.js';
import type {CellContext, PaneId} from './view-row.js';
import {isListening} from './view-row.js';

export interface SortSpec {
	readonly column: string;
	readonly descending: boolean;
}

export interface PaneRows {
	readonly listening: readonly Row[];
	readonly established: readonly Row[];
	/** Established-pane rows in other states hidden by the toggle. */
	readonly hiddenOther: number;
}

export interface PaneCounts {
	readonly listening: number;
	readonly established: number;
	readonly other: number;
	/** Sockets without a known owner among those the filter lets through. */
	readonly unattributed: number;
	/**
	 * With a filter in effect, how many of each the filter lets through (null without one): the
	 * header says `listening 3 of 7`, so its count never disagrees with the pane under it.
	 */
	readonly matching: {
		readonly listening: number;
		readonly established: number;
		readonly other: number;
	} | null;
	/** Network namespaces with open sockets the filter shows (this one counted when it has any). */
	readonly namespaces?: number;
}

/**
 * Header counts over every open socket (closed rows still on screen, marked ×, are not open),
 * with how many of each PREDICATE lets through when FILTERED; `unattributed` counts only
 * those: the hint next to it is about what is shown. UNROWED: records counted as open rows
 * (owners pending when they have an inode) that have no row object (first-tables.ts).
 */
export function countRows(
	snapshot: Snapshot,
	predicate: Predicate = () => true,
	filtered = false,
	unrowed: readonly SocketRecord[] = [],
): PaneCounts {
	const all = {listening: 0, established: 0, other: 0};
	const shown = {listening: 0, established: 0, other: 0};
	let unattributed = 0;
	let here = 0;
	const elsewhere = new Set<number>();
	const countNamespace = (netns: number | null) => {
		if (netns === null) here = 1;
		else elsewhere.add(netns);
	};
	const count = (record: SocketRecord, ownersPending: boolean) => {
		const kind = isListening(record) ? 'listening' : record.state === 'ESTABLISHED' ? 'established' : 'other';
		all[kind]++;
		// A pending row's owners are not known yet (being read, or found missing once: owner-recheck.ts).
		const unowned = !ownersPending && isUnattributed(record);
		// The predicate only where its answer counts: a filter over 100k rows costs per call.
		if (!filtered && !unowned) {
			countNamespace(record.netns);
			return;
		}
		if (!predicate(record)) return;
		// Namespaces among the rows shown: after `c` (ns:host) no CONTAINER column of blanks.
		countNamespace(record.netns);
		shown[kind]++;
		if (unowned) unattributed++;
	};
	for (const row of snapshot.rows) if (row.status !== 'closed') count(row.record, row.ownersPending === true);
	// Open rows never made (the first tables' frame: first-tables.ts), owners pending when held.
	for (const record of unrowed) count(record, record.inode !== null);
	return {...all, unattributed, matching: filtered ? shown : null, namespaces: here + elsewhere.size};
}

type Compare = (a: Row, b: Row) => number;

function comparator(pane: PaneId, sort: SortSpec, context: CellContext): Compare {
	const column =
		[HOST_COLUMN, ...COLUMNS[pane]].find((candidate) => candidate.id === sort.column) ?? COLUMNS[pane][0]!;
	const direction = sort.descending ? -1 : 1;
	// Ties fall back to the row key so equal rows never swap places between refreshes.
	return (a, b) => direction * column.compare(a, b, context) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** First index in SORTED, from LOW on, whose row sorts after ROW. */
function insertionPoint(sorted: readonly Row[], low: number, row: Row, compare: Compare): number {
	let high = sorted.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (compare(sorted[middle]!, row) > 0) high = middle;
		else low = middle + 1;
	}
	return low;
}

/** KEPT (sorted) with FRESH (sorted) merged in: a binary search per fresh row, then one copy. */
function mergeSorted(kept: readonly Row[], fresh: readonly Row[], compare: Compare): Row[] {
	const merged: Row[] = new Array(kept.length + fresh.length);
	let from = 0;
	let at = 0;
	for (const row of fresh) {
		// Fresh rows are in order, so each one's place is at or after the previous one's.
		const place = insertionPoint(kept, from, row, compare);
		while (from < place) merged[at++] = kept[from++]!;
		merged[at++] = row;
	}
	while (from < kept.length) merged[at++] = kept[from++]!;
	return merged;
}

export interface SortedRows {
	readonly listening: readonly Row[];
	readonly established: readonly Row[];
	/** What these were sorted from and by, so the next snapshot can be sorted from them. */
	readonly basis?: {
		readonly rows: ReadonlySet<Row>;
		/** The snapshot's rows array they were sorted from. */
		readonly from?: readonly Row[];
		readonly sort: Record<PaneId, SortSpec>;
		readonly context: CellContext;
	};
}

/** Whether rows sorted under A stay in order under B (the order does not depend on `now`). */
const sameOrder = (
	a: NonNullable<SortedRows['basis']>,
	sort: Record<PaneId, SortSpec>,
	context: CellContext,
) =>
	(['listening', 'established'] as const).every(
		(pane) => a.sort[pane].column === sort[pane].column && a.sort[pane].descending === sort[pane].descending,
	) &&
	a.context.serviceName === context.serviceName &&
	a.context.hostName === context.hostName &&
	a.context.namesVersion === context.namesVersion &&
	// Sorted by a rate or a queue: a new traffic snapshot reorders rows whose objects did not change.
	(a.context.traffic === context.traffic ||
		(!TRAFFIC_SORT_COLUMNS.has(sort.listening.column) && !TRAFFIC_SORT_COLUMNS.has(sort.established.column)));

/** Above this share of new row objects, sorting everything again is as cheap. */
const RESORT_SHARE = 0.25;

/**
 * Splits a snapshot into the two panes, each sorted. Done once per snapshot and sort
 * order. Given the previous result, rows that are the same objects as before (the store
 * keeps a row's object while it does not change) keep their order and only the new and
 * changed rows are placed: a poll of 100,000 sockets with a few hundred changes costs a
 * pass over the rows, not a sort.
 */
export function sortPaneRows(
	snapshot: Snapshot,
	sort: Record<PaneId, SortSpec>,
	context: CellContext,
	previous?: SortedRows,
): SortedRows {
	const before = previous?.basis;
	// The same snapshot, only the context new (the minute's tick, a traffic reading) and the
	// order the same: the same rows, in the same order. Why: at 10,000 connections each such
	// render made a set and arrays of 20,000 rows again (≈ 1.5 MB of garbage), the tick right
	// before the memory bench's sample (docs/memory.md, 2026-12-01).
	if (previous && before?.from === snapshot.rows && sameOrder(before, sort, context)) return previous;
	const rows = new Set(snapshot.rows);
	const basis = {rows, from: snapshot.rows, sort, context};
	const fresh: Record<PaneId, Row[]> = {listening: [], established: []};
	if (before && sameOrder(before, sort, context)) {
		let count = 0;
		for (const row of snapshot.rows) {
			if (before.rows.has(row)) continue;
			fresh[isListening(row.record) ? 'listening' : 'established'].push(row);
			count++;
		}
		if (count <= snapshot.rows.length * RESORT_SHARE) {
			const place = (pane: PaneId) => {
				const compare = comparator(pane, sort[pane], context);
				const kept = previous![pane].filter((row) => rows.has(row));
				return mergeSorted(kept, fresh[pane].sort(compare), compare);
			};
			return {listening: place('listening'), established: place('established'), basis};
		}
		fresh.listening = [];
		fresh.established = [];
	}
	for (const row of snapshot.rows) fresh[isListening(row.record) ? 'listening' : 'established'].push(row);
	return {
		listening: fresh.listening.sort(comparator('listening', sort.listening, context)),
		established: fresh.established.sort(comparator('established', sort.established, context)),
		basis,
	};
}

/**
 * Applies the filter and the other-states toggle to sorted rows (filtering keeps the
 * order), so a keystroke in the filter does not sort 100,000 rows again.
 */
/**
 * The two panes with only the Listening pane sorted: what the plain first frame needs (it draws
 * no connection row, only their count). Sorting the connections too was most of that frame's
 * work at 10,000 connections (20,000 rows; docs/first-frame.md).
 */
export function sortListeningOnly(
	snapshot: Snapshot,
	sort: Record<PaneId, SortSpec>,
	context: CellContext,
): SortedRows {
	const listening: Row[] = [];
	const established: Row[] = [];
	for (const row of snapshot.rows) (isListening(row.record) ? listening : established).push(row);
	return {listening: listening.sort(comparator('listening', sort.listening, context)), established};
}

export function filterPaneRows(sorted: SortedRows, predicate: Predicate, hideOther: boolean): PaneRows {
	let hiddenOther = 0;
	const established = sorted.established.filter((row) => {
		if (!predicate(row.record)) return false;
		if (hideOther && row.record.state !== 'ESTABLISHED') {
			hiddenOther++;
			return false;
		}
		return true;
	});
	return {listening: sorted.listening.filter((row) => predicate(row.record)), established, hiddenOther};
}

import type {Predicate} from '../../filter/filter.js';
import type {Row, Snapshot} from '../../store/snapshot.js';
import {COLUMNS} from './columns.js';
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
	readonly unattributed: number;
}

/** Header counts, over every open socket (not just the filtered ones). */
export function countRows(snapshot: Snapshot): PaneCounts {
	let listening = 0;
	let established = 0;
	let other = 0;
	for (const row of snapshot.rows) {
		if (row.status === 'closed') continue;
		if (isListening(row.record)) listening++;
		else if (row.record.state === 'ESTABLISHED') established++;
		else other++;
	}
	return {listening, established, other, unattributed: snapshot.unattributed};
}

function sortRows(rows: Row[], pane: PaneId, sort: SortSpec, context: CellContext): Row[] {
	const column = COLUMNS[pane].find((candidate) => candidate.id === sort.column) ?? COLUMNS[pane][0]!;
	const direction = sort.descending ? -1 : 1;
	// Ties fall back to the row key so equal rows never swap places between refreshes.
	return rows.sort(
		(a, b) => direction * column.compare(a, b, context) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
	);
}

export interface SortedRows {
	readonly listening: readonly Row[];
	readonly established: readonly Row[];
}

/** Splits a snapshot into the two panes, each sorted. Done once per snapshot and sort order. */
export function sortPaneRows(
	snapshot: Snapshot,
	sort: Record<PaneId, SortSpec>,
	context: CellContext,
): SortedRows {
	const listening: Row[] = [];
	const established: Row[] = [];
	for (const row of snapshot.rows) (isListening(row.record) ? listening : established).push(row);
	return {
		listening: sortRows(listening, 'listening', sort.listening, context),
		established: sortRows(established, 'established', sort.established, context),
	};
}

/**
 * Applies the filter and the other-states toggle to sorted rows (filtering keeps the
 * order), so a keystroke in the filter does not sort 100,000 rows again.
 */
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

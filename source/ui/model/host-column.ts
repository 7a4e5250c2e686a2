// The HOST column, shown only when more than one host is watched (`--host`): with one host
// every row would say the same thing and take width from the columns that matter.
import type {Row} from '../../store/snapshot.js';
import {COLUMNS, type Column} from './columns.js';
import type {PaneId} from './view-row.js';

const host = (row: Row) => row.record.host;

export const HOST_COLUMN: Column = {
	id: 'host',
	title: 'HOST',
	min: 4,
	base: 8,
	max: 24,
	grow: 0,
	align: 'left',
	// Kept as long as the address and port: a remote row without its host is ambiguous.
	priority: 0,
	value: host,
	compare: (a, b) => (host(a) < host(b) ? -1 : host(a) > host(b) ? 1 : 0),
};

/** The pane's columns, HOST first when rows come from more than one host. */
export function columnsFor(pane: PaneId, hostCount: number): readonly Column[] {
	return hostCount > 1 ? [HOST_COLUMN, ...COLUMNS[pane]] : COLUMNS[pane];
}

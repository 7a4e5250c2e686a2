// Which way the sort arrow points: the way the values run on screen. A column whose compare
// puts the highest value first (RX/s, TX/s, QUEUE: fastest, fullest first) is descending in
// its natural order, so its arrow is ▼ there and ▲ once `I` reverses it.
import {COLUMNS} from './columns.js';
import type {PaneId} from './view-row.js';

export function sortShownDescending(
	pane: PaneId,
	sort: {readonly column: string; readonly descending: boolean},
): boolean {
	const column = COLUMNS[pane].find((candidate) => candidate.id === sort.column);
	return sort.descending !== (column?.highFirst === true);
}

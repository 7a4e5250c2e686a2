// What a pane shows (pure): the Ink screen's controller view (use-controller-view.ts) and the
// plain first frame (plain-frame.ts) lay out a pane with this one function.
import type {Row} from '../../store/snapshot.js';
import {fitColumns} from '../model/columns.js';
import {type ColumnFacts, paneColumns} from '../model/pane-columns.js';
import type {PaneId} from '../model/view-row.js';
import type {UiState} from '../ui-state.js';
import {windowOf} from './navigation.js';
import type {PaneView} from './types.js';

/**
 * A pane's rows, height and the columns drawn, fitted once to the rows in its window (the
 * window the table draws: windowOf, the same as paneWindow), so sorting steps only through
 * columns on screen. The table draws `fitted` as is: before, it fitted them a second time
 * with its own window start, and the two could disagree while the state's start was stale.
 */
export function shownPane(
	pane: PaneId,
	rows: readonly Row[],
	height: number,
	state: Pick<UiState, 'selected' | 'selectedIndex' | 'windowStart'>,
	width: number,
	facts: ColumnFacts,
): PaneView {
	const {start} = windowOf(state, pane, rows, height);
	const visible = rows.slice(start, start + height);
	const fitted = fitColumns(paneColumns(pane, facts), width, {rows: visible, context: facts.context});
	return {rows, height, columns: fitted.map((column) => column.column.id), fitted};
}

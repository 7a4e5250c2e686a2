// QA read-through: the columns were fitted twice per render, once for the controller's view
// (with the state's window start) and once by the table (with paneWindow's start): while the
// state's start was stale the two disagreed. Now the view fits them once, to the window the
// table draws, and the table draws that.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {windowOf} from '../../../source/ui/controller/navigation.js';
import {shownPane} from '../../../source/ui/controller/shown-pane.js';
import {fitColumns} from '../../../source/ui/model/columns.js';
import {paneColumns} from '../../../source/ui/model/pane-columns.js';
import type {CellContext} from '../../../source/ui/model/view-row.js';
import {initialUiState} from '../../../source/ui/ui-state.js';
import {rec} from '../../helpers/records.js';
import {rowOf} from '../../helpers/snapshots.js';

const context: CellContext = {now: 0, serviceName: () => null, hostName: () => null};
const facts = {hosts: 1, namespaces: 1, context};
// 45 short rows, then 5 with a long IPv6 address and a long process name.
const rows = [
	...Array.from({length: 45}, (_, i) => rowOf(rec({localPort: 1000 + i, pid: i + 1, process: 'a'}))),
	...Array.from({length: 5}, (_, i) =>
		rowOf(
			rec({
				family: 6,
				localAddress: '2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff',
				localPort: 2000 + i,
				pid: 100 + i,
				process: 'a-much-longer-process-name',
			}),
		),
	),
];

describe('the columns are fitted once, to the window the table draws', () => {
	it("fits the selection's window, not the state's stale start", () => {
		// The selection moved to row 47 and the window start in the state is still 0.
		const state = {
			...initialUiState(''),
			selected: {listening: rows[47]!.key, established: null},
			selectedIndex: {listening: 47, established: 0},
		};
		const pane = shownPane('listening', rows, 5, state, 120, facts);
		const {start} = windowOf(state, 'listening', rows, 5);
		assert.ok(start > 40, `the window that shows row 47 starts at ${start}`);
		const drawn = fitColumns(paneColumns('listening', facts), 120, {
			rows: rows.slice(start, start + 5),
			context,
		});
		const stale = fitColumns(paneColumns('listening', facts), 120, {rows: rows.slice(0, 5), context});
		const widths = (fitted: readonly (typeof drawn)[number][]) =>
			fitted.map((column) => `${column.column.id}:${column.width}`);
		assert.notDeepEqual(
			widths(drawn),
			widths(stale),
			'the two windows fit differently (the test means something)',
		);
		assert.deepEqual(widths(pane.fitted), widths(drawn));
		assert.deepEqual(
			pane.columns,
			drawn.map((column) => column.column.id),
		);
	});
});

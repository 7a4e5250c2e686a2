import {useEffect, useMemo} from 'react';
import type {Row} from '../../store/snapshot.js';
import {detailRoom} from '../components/detail-view.js';
import {helpRoom} from '../components/help-screen.js';
import {historyRoom} from '../components/history-view.js';
import {scanResultRoom} from '../components/scan-pane.js';
import {paneWindow, windowOf} from '../controller/navigation.js';
import type {ControllerView, PaneView} from '../controller/types.js';
import type {DashboardDeps} from '../deps.js';
import {fitColumns} from '../model/columns.js';
import type {Layout} from '../model/layout.js';
import {type ColumnFacts, paneColumns} from '../model/pane-columns.js';
import type {PaneId} from '../model/view-row.js';
import type {UiState} from '../ui-state.js';
import {columnFacts, type DashboardData} from './use-dashboard-data.js';

interface ViewInputs {
	readonly state: UiState;
	readonly data: DashboardData;
	readonly layout: Layout;
	readonly bodyHeight: number;
	readonly screens: {readonly help: readonly unknown[]; readonly detail: readonly unknown[]};
	readonly readOnly: boolean;
	/** Event lines of the history view (after its filter). */
	readonly historyLines: number;
}

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

/** The facts of this render that the controller needs for the next key. A new object only when one changes. */
export function useControllerView({
	state,
	data,
	layout,
	bodyHeight,
	screens,
	readOnly,
	historyLines,
}: ViewInputs): ControllerView {
	const {paneRows, snapshot, scan} = data;
	const facts = columnFacts(data);
	const {hosts, namespaces, context} = facts;
	const {listeningRows, establishedRows, scanLines, width} = layout;
	const helpLines = screens.help.length;
	const detailLines = screens.detail.length;
	const {selected, selectedIndex, windowStart} = state;
	return useMemo(
		() => ({
			panes: {
				listening: shownPane(
					'listening',
					paneRows.listening,
					listeningRows,
					{selected, selectedIndex, windowStart},
					width,
					{hosts, namespaces, context},
				),
				established: shownPane(
					'established',
					paneRows.established,
					establishedRows,
					{selected, selectedIndex, windowStart},
					width,
					{hosts, namespaces, context},
				),
			},
			snapshot,
			scan: {
				phase: scan.phase,
				results: scan.open.length,
				room: scanResultRoom(scanLines, scan, state.scanDismissed),
			},
			readOnly,
			help: {lines: helpLines, room: helpRoom(bodyHeight)},
			detail: {lines: detailLines, room: detailRoom(bodyHeight)},
			history: {lines: historyLines, room: historyRoom(bodyHeight)},
		}),
		[
			paneRows,
			listeningRows,
			establishedRows,
			selected,
			selectedIndex,
			windowStart,
			width,
			hosts,
			namespaces,
			context,
			scanLines,
			snapshot,
			scan,
			state.scanDismissed,
			readOnly,
			helpLines,
			detailLines,
			bodyHeight,
			historyLines,
		],
	);
}

/** Reverse DNS for the remote ends on screen, looked up in the background while names are on. */
export function useReverseDnsOnScreen(state: UiState, view: ControllerView, deps: DashboardDeps): void {
	const {start} = paneWindow(state, view, 'established');
	const {rows, height} = view.panes.established;
	useEffect(() => {
		if (!state.dns) return;
		const shown = rows.slice(start, start + height);
		deps.reverseDns.request(shown.flatMap((row) => row.record.remoteAddress ?? []));
	}, [state.dns, rows, start, height, deps.reverseDns]);
}

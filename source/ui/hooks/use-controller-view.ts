import {useEffect, useMemo} from 'react';
import {detailRoom} from '../components/detail-view.js';
import {helpRoom} from '../components/help-screen.js';
import {historyRoom} from '../components/history-view.js';
import {scanResultRoom} from '../components/scan-pane.js';
import {paneWindow} from '../controller/navigation.js';
import {shownPane} from '../controller/shown-pane.js';
import type {ControllerView} from '../controller/types.js';
import type {DashboardDeps} from '../deps.js';
import type {Layout} from '../model/layout.js';
import {columnFacts} from '../model/pane-columns.js';
import type {UiState} from '../ui-state.js';
import type {DashboardData} from './use-dashboard-data.js';

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

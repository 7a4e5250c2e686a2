import {Box, Text} from 'ink';
import {DashboardBody} from './components/dashboard-body.js';
import {wrapWords} from './components/detail-view.js';
import {Footer} from './components/footer.js';
import {Header} from './components/header.js';
import {scanPaneLines} from './components/scan-pane.js';
import {selectedRow} from './controller/navigation.js';
import {type DashboardConfig, useDeps} from './deps.js';
import {useControllerShell, useUiState} from './hooks/use-controller.js';
import {useControllerView, useReverseDnsOnScreen} from './hooks/use-controller-view.js';
import {useDashboardData} from './hooks/use-dashboard-data.js';
import {useHistory, useHistoryNotes} from './hooks/use-history.js';
import {useScreenLines} from './hooks/use-screen-lines.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {useTrafficFocus} from './hooks/use-traffic-focus.js';
import {computeLayout, FOOTER_LINES, HEADER_LINES, MIN_COLUMNS, MIN_ROWS} from './model/layout.js';
import {SPARK_ASCII} from './model/traffic-detail.js';
import {ASCII_GLYPHS} from './theme.js';
import type {UiState} from './ui-state.js';

/** The dashboard: renders what the stores and the controller's state say, and runs the controller's effects. */
export function App({config}: {config: DashboardConfig}) {
	const deps = useDeps();
	const {theme} = config;
	const size = useTerminalSize();
	const {ui, state} = useUiState(config);
	const data = useDashboardData(config, deps, state);
	const history = useHistory(state, deps.history);
	useHistoryNotes(ui, deps.history);
	const {paneRows, scan, snapshot} = data;
	const layout = computeLayout(size.columns, size.rows, {
		listening: paneRows.listening.length,
		established: paneRows.established.length,
		scanLines: scanPaneLines(scan, state.scanInput, state.scanDismissed),
	});
	const bodyHeight = layout.height - HEADER_LINES - FOOTER_LINES;
	const screens = useScreenLines(
		state,
		data,
		config.readOnly,
		layout.width,
		theme.glyphs === ASCII_GLYPHS ? SPARK_ASCII : undefined,
		history.all,
	);
	const view = useControllerView({
		state,
		data,
		layout,
		bodyHeight,
		screens,
		readOnly: config.readOnly,
		historyLines: history.entries.length,
	});
	useControllerShell({ui, view, config, deps, freeze: data.freeze});
	useReverseDnsOnScreen(state, view, deps);
	useTrafficFocus(state, view, deps);

	if (!layout.fits) {
		// Broken at words here: Ink's wrap starts a continued line with the space it broke at.
		const note = `Terminal too small: ${layout.width}×${layout.height + 1}. socktop needs at least ${MIN_COLUMNS}×${MIN_ROWS}.`;
		return (
			<Box flexDirection="column">
				{wrapWords(note, layout.width).map((line, index) => (
					// biome-ignore lint/suspicious/noArrayIndexKey: fixed lines of one note
					<Text key={index} wrap="truncate">
						{line}
					</Text>
				))}
			</Box>
		);
	}
	return (
		<Box flexDirection="column" height={layout.height} width={layout.width}>
			<Header
				hostname={config.hostname}
				sourceName={config.sourceName}
				intervalMs={config.intervalMs}
				snapshot={snapshot}
				counts={data.counts}
				{...(data.traffic ? {traffic: data.traffic} : {})}
				paused={state.paused}
				logOff={deps.history.logOff()}
				isRoot={config.isRoot}
				theme={theme}
				width={layout.width}
			/>
			<Box flexDirection="column" height={bodyHeight}>
				<DashboardBody
					state={state}
					data={data}
					view={view}
					screens={screens}
					width={layout.width}
					height={bodyHeight}
					scanLines={layout.scanLines}
					theme={theme}
					history={history}
				/>
			</Box>
			<Footer
				mode={state.mode}
				readOnly={config.readOnly}
				rowSelected={selectedRow(state, view) !== null}
				width={layout.width}
				{...footerFilter(state, data.filterError, history.filterError)}
				draft={state.draft}
				message={state.message}
				sourceError={snapshot.error}
				sourceStale={snapshot.stale}
				hosts={snapshot.hosts}
				theme={theme}
			/>
		</Box>
	);
}

/** The filter the footer talks about: the history's own in the history view, else the table's. */
function footerFilter(state: UiState, tableError: string | null, historyError: string | null) {
	const history = state.mode === 'history' || (state.mode === 'filter' && state.filterReturn === 'history');
	return history
		? {filter: state.historyFilter, filterError: historyError, scope: 'history' as const}
		: {filter: state.filter, filterError: tableError, scope: 'table' as const};
}

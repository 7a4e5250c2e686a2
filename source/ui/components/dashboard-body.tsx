import {paneWindow} from '../controller/navigation.js';
import type {ControllerView} from '../controller/types.js';
import type {DashboardData} from '../hooks/use-dashboard-data.js';
import type {HistoryData} from '../hooks/use-history.js';
import {type helpLines, keyFor} from '../keymap.js';
import {COLUMNS} from '../model/columns.js';
import {localListener} from '../model/local-listener.js';
import {sortShownDescending} from '../model/sort-arrow.js';
import {emptyPaneText, hasNoData} from '../model/status-text.js';
import type {PaneId} from '../model/view-row.js';
import {glyphText, type Theme} from '../theme.js';
import type {UiState} from '../ui-state.js';
import {DetailView} from './detail-view.js';
import {HelpScreen} from './help-screen.js';
import {HistoryView} from './history-view.js';
import {KillDialog} from './kill-dialog.js';
import {ScanPane} from './scan-pane.js';
import {TablePane} from './table-pane.js';

export interface BodyProps {
	readonly state: UiState;
	readonly data: DashboardData;
	readonly view: ControllerView;
	readonly screens: {help: ReturnType<typeof helpLines>; detail: readonly string[]};
	readonly width: number;
	readonly height: number;
	readonly scanLines: number;
	readonly theme: Theme;
	readonly history: HistoryData;
}

function Table({pane, props}: {pane: PaneId; props: BodyProps}) {
	const {state, data, view, width, theme} = props;
	const {rows, height} = view.panes[pane];
	const {index, start} = paneWindow(state, view, pane);
	const sort = state.sort[pane];
	const sortTitle = COLUMNS[pane].find((column) => column.id === sort.column)?.title ?? sort.column;
	const hidden = data.paneRows.hiddenOther;
	const visible = rows.slice(start, start + height);
	return (
		<TablePane
			title={pane === 'listening' ? 'Listening' : 'Connections'}
			focused={state.focus === pane}
			fitted={view.panes[pane].fitted}
			sort={{label: sortTitle.toLowerCase(), descending: sortShownDescending(pane, sort)}}
			rows={visible}
			start={start}
			total={rows.length}
			height={height}
			width={width}
			selectedKey={index >= 0 ? rows[index]!.key : null}
			context={data.context}
			emptyText={glyphText(emptyPaneText(data.snapshot, Boolean(state.filter || state.draft)), theme.glyphs)}
			loading={hasNoData(data.snapshot) && data.snapshot.error === null}
			noData={hasNoData(data.snapshot) && data.snapshot.error !== null}
			note={
				pane === 'established' && hidden > 0
					? `  ${hidden} in other states hidden (${keyFor('toggle-other-states')})`
					: ''
			}
			theme={theme}
		/>
	);
}

/** The screen between header and footer for the current mode. */
export function DashboardBody(props: BodyProps) {
	const {state, data, screens, width, height, theme} = props;
	if (state.mode === 'help')
		return <HelpScreen lines={screens.help} height={height} scroll={state.helpScroll} theme={theme} />;
	if (state.mode === 'detail' && state.detail)
		return (
			<DetailView
				pid={state.detail.pid}
				name={state.detail.name}
				host={state.detail.host}
				lines={screens.detail}
				height={height}
				width={width}
				scroll={state.detail.scroll}
				theme={theme}
			/>
		);
	if (state.mode === 'history' || (state.mode === 'filter' && state.filterReturn === 'history'))
		return (
			<HistoryView
				entries={props.history.entries}
				kept={props.history.all.length}
				total={props.history.total}
				start={props.history.start}
				filtered={props.history.filtered}
				now={data.context.now}
				height={height}
				width={width}
				scroll={state.historyScroll}
				theme={theme}
			/>
		);
	if (state.kill)
		return <KillDialog target={state.kill.target} stage={state.kill.stage} height={height} theme={theme} />;
	return (
		<>
			<Table pane="listening" props={props} />
			<Table pane="established" props={props} />
			<ScanPane
				height={props.scanLines}
				width={width}
				focused={state.focus === 'scan'}
				scan={data.scan}
				input={state.scanInput}
				scroll={state.scanScroll}
				dismissed={state.scanDismissed}
				serviceName={(port) => data.context.serviceName(port, 'tcp')}
				localOwner={(host, port) => localListener(data.snapshot, host, port)}
				theme={theme}
			/>
		</>
	);
}

// The plain first frame (pure: props → lines, no Ink, React or yoga). At 1,000 connections the
// first table read is in hand long before Ink is: importing Ink, React and yoga took 160–220 ms
// of CPU and Ink's first render 100–145 ms more (docs/first-frame.md). The composition root
// writes these lines as soon as the data is there, then loads Ink, whose first frame replaces
// them. Built from the same pieces as the Ink screen (header parts, layout, pane rows, columns,
// pane title and row text), so the two say the same thing.

import type {Predicate} from '../filter/filter.js';
import {parseFilter} from '../filter/filter.js';
import type {SocketRecord} from '../model/socket-record.js';
import type {ScanSnapshot} from '../scan/scan-session.js';
import type {Snapshot} from '../store/snapshot.js';
import type {TrafficSnapshot} from '../store/traffic-store.js';
import {countParts, headerLineText, statusParts} from './components/header-parts.js';
import {columnHeaderLine, paneTitle, rowLine} from './components/pane-title.js';
import {scanPaneLines} from './components/scan-lines.js';
import {machineRateParts, rateModeParts} from './components/traffic-header.js';
import {windowOf} from './controller/navigation.js';
import {shownPane} from './controller/shown-pane.js';
import type {DashboardConfig} from './deps.js';
import {COLUMNS, formatCells} from './model/columns.js';
import {computeLayout} from './model/layout.js';
import {columnFacts} from './model/pane-columns.js';
import {countRows, filterPaneRows, sortListeningOnly} from './model/pane-data.js';
import {sortShownDescending} from './model/sort-arrow.js';
import {emptyPaneText, hasNoData} from './model/status-text.js';
import {fitText} from './model/text-fit.js';
import {trafficLookups} from './model/traffic-filter.js';
import type {CellContext} from './model/view-row.js';
import {glyphText} from './theme.js';
import {initialUiState} from './ui-state.js';

export interface PlainFrameProps {
	readonly config: Pick<
		DashboardConfig,
		'hostname' | 'sourceName' | 'intervalMs' | 'isRoot' | 'initialFilter' | 'theme'
	>;
	readonly snapshot: Snapshot;
	/**
	 * Records counted as open rows of SNAPSHOT (owners pending when they have an inode) that have
	 * no row object: the first tables' records the frame does not list (first-tables.ts). Not
	 * listening ones (their pane is drawn from rows).
	 */
	readonly unrowed?: readonly SocketRecord[];
	/** The rates' snapshot when a traffic store exists (its columns are laid out then). */
	readonly traffic?: TrafficSnapshot;
	readonly serviceName: CellContext['serviceName'];
	readonly now: number;
	/** The terminal's size; unknown (0, undefined) as the Ink screen takes it (layout.ts). */
	readonly columns: number | undefined;
	readonly rows: number | undefined;
	/** The scanner's state: the scan pane's height decides the Listening pane's. */
	readonly scan: ScanSnapshot;
}

/**
 * The first two header lines and the Listening pane (title, column heads, the rows that fit),
 * as the dashboard's first frame would draw them with the initial UI state (no colour: the
 * lines are plain text). Each line fits the width; there are never more lines than the
 * frame's height (rows - 1, layout.ts). Empty when the terminal is too small for the
 * dashboard (its note is Ink's to draw) or there is no data yet (the loading frame is Ink's).
 */
export function plainFrameLines(props: PlainFrameProps): string[] {
	const {config, snapshot} = props;
	const {theme} = config;
	const {glyphs} = theme;
	if (hasNoData(snapshot)) return [];
	const state = initialUiState(config.initialFilter);
	const parsed = parseFilter(state.filter, trafficLookups(props.traffic ?? null));
	const predicate = parsed.ok ? parsed.predicate : () => true;
	const context: CellContext = {
		now: props.now,
		serviceName: props.serviceName,
		hostName: () => null,
		namesVersion: 0,
		atLeast: glyphs.atLeast,
		...(props.traffic ? {traffic: props.traffic} : {}),
	};
	const paneRows = filterPaneRows(
		sortListeningOnly(snapshot, state.sort, context),
		predicate,
		state.hideOther,
	);
	const unrowed = props.unrowed ?? [];
	const counts = countRows(snapshot, predicate, Boolean(state.filter.trim()), unrowed);
	const layout = computeLayout(props.columns, props.rows, {
		listening: paneRows.listening.length,
		established: paneRows.established.length + shownUnrowed(unrowed, predicate, state.hideOther),
		scanLines: scanPaneLines(props.scan, state.scanInput, state.scanDismissed),
	});
	if (!layout.fits) return [];
	const {width} = layout;
	const header = {
		hostname: config.hostname,
		sourceName: config.sourceName,
		intervalMs: config.intervalMs,
		snapshot,
		paused: false,
		isRoot: config.isRoot,
		theme,
		...(props.traffic ? {traffic: props.traffic} : {}),
	};
	const status = [...statusParts(header), ...machineRateParts(props.traffic, theme)];
	const count = [
		...countParts(counts, config.isRoot, theme, snapshot),
		...rateModeParts(props.traffic, theme),
	];
	const facts = columnFacts({snapshot, counts, context});
	const rows = paneRows.listening;
	const height = layout.listeningRows;
	const pane = shownPane('listening', rows, height, state, width, facts);
	const {index, start} = windowOf(state, 'listening', rows, height);
	const visible = rows.slice(start, start + height);
	const sort = state.sort.listening;
	const sortTitle = COLUMNS.listening.find((column) => column.id === sort.column)?.title ?? sort.column;
	const focused = state.focus === 'listening';
	const {heading, extras} = paneTitle(
		{
			title: 'Listening',
			focused,
			sort: {label: sortTitle.toLowerCase(), descending: sortShownDescending('listening', sort)},
			start,
			total: rows.length,
			note: '',
			shown: visible.length,
		},
		glyphs,
		width,
	);
	const lines = [
		headerLineText(status, width, glyphs.ellipsis),
		headerLineText(count, width, glyphs.ellipsis),
		fitText(extras ? `${heading}  ${extras}` : heading, width, 'left', false, glyphs.ellipsis),
		columnHeaderLine(pane.fitted, width, glyphs),
		...visible.map((row, i) =>
			rowLine(
				row,
				focused && start + i === index,
				glyphText(formatCells(row, pane.fitted, context, glyphs.ellipsis), glyphs),
				width,
				glyphs,
			),
		),
	];
	if (visible.length === 0 && height > 0)
		lines.push(
			fitText(
				`  ${glyphText(emptyPaneText(snapshot, Boolean(state.filter)), glyphs)}`,
				width,
				'left',
				false,
				glyphs.ellipsis,
			),
		);
	return lines.slice(0, layout.height);
}

/** How many of UNROWED (not listening) the Established pane would hold: filterPaneRows' test. */
function shownUnrowed(unrowed: readonly SocketRecord[], predicate: Predicate, hideOther: boolean): number {
	let shown = 0;
	for (const record of unrowed)
		if (predicate(record) && !(hideOther && record.state !== 'ESTABLISHED')) shown++;
	return shown;
}

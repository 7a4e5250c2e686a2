import {Box, Text, useApp, useInput} from 'ink';
import {useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore} from 'react';
import {parseFilter} from '../filter/filter.js';
import {isWildcardAddress} from '../model/address.js';
import type {ProcessDetails} from '../os/process-info.js';
import type {Row, Snapshot} from '../store/snapshot.js';
import {DetailView} from './components/detail-view.js';
import {Footer} from './components/footer.js';
import {Header} from './components/header.js';
import {HelpScreen} from './components/help-screen.js';
import {KillDialog} from './components/kill-dialog.js';
import {ScanPane, scanPaneLines} from './components/scan-pane.js';
import {TablePane} from './components/table-pane.js';
import {type DashboardConfig, useDeps} from './deps.js';
import {killTargetFor, useKillFlow} from './hooks/use-kill-flow.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {useTicker} from './hooks/use-ticker.js';
import {type Action, actionFor, type KeyEvent, keyName, splitChunk} from './keymap.js';
import {COLUMNS, fitColumns} from './model/columns.js';
import {editText} from './model/edit-text.js';
import {computeLayout, MIN_COLUMNS, MIN_ROWS, scrollWindow} from './model/layout.js';
import {localListener} from './model/local-listener.js';
import {countRows, filterPaneRows, type SortedRows, sortPaneRows} from './model/pane-data.js';
import {type CellContext, isListening, type PaneId} from './model/view-row.js';
import {FOCUS_ORDER, initialUiState, type UiState} from './ui-state.js';

const MAX_FILTER_LENGTH = 1000;

function selectionIndex(rows: readonly Row[], key: string | null, fallback: number): number {
	if (rows.length === 0) return -1;
	if (key !== null) {
		const index = rows.findIndex((row) => row.key === key);
		if (index >= 0) return index;
	}
	return Math.min(Math.max(0, fallback), rows.length - 1);
}

export function App({config}: {config: DashboardConfig}) {
	const deps = useDeps();
	const {store, reverseDns, clock, killer, theme} = {...deps, theme: config.theme};
	const {exit} = useApp();
	const size = useTerminalSize();
	const live = useSyncExternalStore(store.subscribe, store.getSnapshot);
	const dnsVersion = useSyncExternalStore(reverseDns.subscribe, reverseDns.version);
	const scan = useSyncExternalStore(deps.scanner.subscribe, deps.scanner.getSnapshot);
	const tick = useTicker(clock, 60_000);
	const [state, setState] = useState<UiState>(() => initialUiState(config.initialFilter));
	// Key handlers read and write this ref, not the rendered state: several keys can
	// arrive in one chunk (fast typing, paste, a slow SSH link) before React re-renders,
	// and each must see the effect of the one before.
	const stateRef = useRef(state);
	stateRef.current = state;
	const [frozen, setFrozen] = useState<Snapshot | null>(null);
	const [details, setDetails] = useState<ProcessDetails | null | 'loading'>('loading');
	const windowStarts = useRef<Record<PaneId, number>>({listening: 0, established: 0});
	const commit = useCallback((next: UiState) => {
		stateRef.current = next;
		setState(next);
	}, []);
	const update = useCallback(
		(change: Partial<UiState>) => commit({...stateRef.current, ...change}),
		[commit],
	);

	const snapshot = state.paused && frozen ? frozen : live;

	// Filter: while typing, the draft applies as soon as it parses.
	const typed = useMemo(
		() => (state.mode === 'filter' ? parseFilter(state.draft) : null),
		[state.mode, state.draft],
	);
	const applied = useMemo(() => parseFilter(state.filter), [state.filter]);
	const predicate = typed?.ok ? typed.predicate : applied.ok ? applied.predicate : () => true;
	const filterError = typed && !typed.ok ? typed.error : null;

	// Its own memo: the same function from one minute's tick to the next lets a new
	// snapshot be sorted from the last one (sortPaneRows).
	const hostName = useCallback(
		(address: string) => (state.dns ? (reverseDns.get(address) ?? null) : null),
		[state.dns, reverseDns],
	);
	const context: CellContext = useMemo(
		() => ({
			// Ages move once a minute (the ticker), not with every poll: otherwise each
			// refresh would rewrite every visible row over a slow link.
			now: tick,
			serviceName: deps.serviceName,
			hostName,
			// A new object when names arrive, so the remote column re-renders.
			namesVersion: dnsVersion,
		}),
		[tick, deps.serviceName, hostName, dnsVersion],
	);
	const lastSorted = useRef<SortedRows | undefined>(undefined);
	const sorted = useMemo(() => {
		lastSorted.current = sortPaneRows(snapshot, state.sort, context, lastSorted.current);
		return lastSorted.current;
	}, [snapshot, state.sort, context]);
	const paneRows = useMemo(
		() => filterPaneRows(sorted, predicate, state.hideOther),
		[sorted, predicate, state.hideOther],
	);
	const counts = useMemo(() => countRows(snapshot), [snapshot]);
	const layout = computeLayout(size.columns, size.rows, {
		listening: paneRows.listening.length,
		established: paneRows.established.length,
		scanLines: scanPaneLines(scan, state.scanInput),
	});

	const panes = (['listening', 'established'] as const).map((pane) => {
		const rows = paneRows[pane];
		const height = pane === 'listening' ? layout.listeningRows : layout.establishedRows;
		const index = selectionIndex(rows, state.selected[pane], state.selectedIndex[pane]);
		const start = scrollWindow(windowStarts.current[pane], Math.max(0, index), height, rows.length);
		windowStarts.current[pane] = start;
		return {pane, rows, height, index, start, visible: rows.slice(start, start + height)};
	});

	// A new listening port rings the bell (--bell).
	useEffect(() => {
		if (!config.bell || live.added.length === 0) return;
		const added = new Set(live.added);
		if (live.rows.some((row) => added.has(row.key) && isListening(row.record))) deps.bell();
	}, [live, config.bell, deps]);

	// Reverse DNS for the remote ends on screen, looked up in the background.
	const established = panes[1]!;
	useEffect(() => {
		if (!state.dns) return;
		const addresses = established.visible
			.map((row) => row.record.remoteAddress)
			.filter((a): a is string => a !== null);
		reverseDns.request(addresses);
	}, [state.dns, established.visible, reverseDns]);

	// The detail view's command line and owner, read outside the UI.
	const detailPid = state.detail?.pid ?? null;
	useEffect(() => {
		if (detailPid === null) return;
		let cancelled = false;
		setDetails('loading');
		deps.processInfo(detailPid).then(
			(info) => !cancelled && setDetails(info),
			() => !cancelled && setDetails(null),
		);
		return () => {
			cancelled = true;
		};
	}, [detailPid, deps]);

	const moveSelection = (pane: PaneId, rows: readonly Row[], index: number) => {
		if (rows.length === 0) return;
		const clamped = Math.min(Math.max(0, index), rows.length - 1);
		const old = stateRef.current;
		update({
			selected: {...old.selected, [pane]: rows[clamped]!.key},
			selectedIndex: {...old.selectedIndex, [pane]: clamped},
			message: null,
		});
	};

	/** The focused pane and its selection as of the latest key, not the last render. */
	const focusedView = (ui: UiState) => {
		if (ui.focus === 'scan') return null;
		const pane = ui.focus;
		const rows = paneRows[pane];
		const index = selectionIndex(rows, ui.selected[pane], ui.selectedIndex[pane]);
		const height = pane === 'listening' ? layout.listeningRows : layout.establishedRows;
		return {pane, rows, index, height, row: index >= 0 ? (rows[index] ?? null) : null};
	};

	const sendSignal = useKillFlow({
		killer,
		clock,
		termWaitMs: config.killWaitMs ?? 3000,
		onStage: (target, stage) => update({mode: 'kill', kill: {target, stage}}),
		onDone: (message) => update({mode: 'table', kill: null, message}),
		onExited: () => void store.refresh(),
	});

	const tableAction = (action: Action) => {
		const state = stateRef.current;
		const view = focusedView(state);
		const pane = view?.pane ?? null;
		const rows = view?.rows ?? [];
		const index = view?.index ?? -1;
		const page = Math.max(1, (view?.height ?? 1) - 1);
		const selectedRow = view?.row ?? null;
		switch (action) {
			case 'quit':
				return exit();
			case 'help':
				return update({mode: 'help', helpScroll: 0});
			case 'next-pane':
			case 'prev-pane': {
				const step = action === 'next-pane' ? 1 : FOCUS_ORDER.length - 1;
				const next = FOCUS_ORDER[(FOCUS_ORDER.indexOf(state.focus) + step) % FOCUS_ORDER.length]!;
				return update({focus: next, message: null});
			}
			case 'up':
			case 'down':
			case 'page-up':
			case 'page-down':
			case 'top':
			case 'bottom': {
				if (!pane) return;
				const target = {
					up: index - 1,
					down: index + 1,
					'page-up': index - page,
					'page-down': index + page,
					top: 0,
					bottom: rows.length - 1,
				}[action];
				return moveSelection(pane, rows, target);
			}
			case 'filter':
				return update({mode: 'filter', draft: state.filter, message: null});
			case 'filter-process': {
				if (!selectedRow) return;
				if (selectedRow.record.pid === null)
					return update({
						message: {kind: 'error', text: 'owner unknown for this socket (run as root to see it)'},
					});
				const filter = `pid:${selectedRow.record.pid}`;
				return update({filter, draft: filter, message: null});
			}
			case 'clear':
				if (scan.phase === 'running') {
					deps.scanner.cancel();
					return update({message: {kind: 'info', text: 'scan cancelled'}});
				}
				return update({filter: '', draft: '', message: null});
			case 'sort-next':
			case 'sort-prev':
			case 'sort-reverse': {
				if (!pane) return;
				const sort = state.sort[pane];
				const columns = COLUMNS[pane];
				let next = sort;
				if (action === 'sort-reverse') next = {...sort, descending: !sort.descending};
				else {
					const at = columns.findIndex((column) => column.id === sort.column);
					const step = action === 'sort-next' ? 1 : columns.length - 1;
					next = {column: columns[(at + step) % columns.length]!.id, descending: false};
				}
				return update({sort: {...state.sort, [pane]: next}});
			}
			case 'pause':
				setFrozen(state.paused ? null : live);
				return update({paused: !state.paused, message: null});
			case 'refresh':
				void store.refresh().then(() => {
					if (state.paused) setFrozen(store.getSnapshot());
				});
				return update({message: {kind: 'info', text: 'refreshing…'}});
			case 'details':
				if (!selectedRow) return;
				if (selectedRow.record.pid === null)
					return update({
						message: {kind: 'error', text: 'owner unknown for this socket (run as root to see it)'},
					});
				return update({
					mode: 'detail',
					detail: {pid: selectedRow.record.pid, name: selectedRow.record.process ?? '?', scroll: 0},
				});
			case 'kill':
				if (config.readOnly)
					return update({message: {kind: 'error', text: 'read-only mode: kill is disabled'}});
				if (!selectedRow) return;
				if (selectedRow.record.pid === null)
					return update({message: {kind: 'error', text: 'owner unknown for this socket: nothing to kill'}});
				if (selectedRow.status === 'closed')
					// Its pid may already belong to another process: never signal what is gone.
					return update({message: {kind: 'error', text: 'this socket has closed: nothing to kill'}});
				return update({
					mode: 'kill',
					kill: {
						target: killTargetFor(selectedRow.record.pid, selectedRow.record.process ?? '?', snapshot),
						stage: 'confirm',
					},
				});
			case 'toggle-dns':
				return update({
					dns: !state.dns,
					message: {kind: 'info', text: `reverse DNS ${state.dns ? 'off' : 'on'}`},
				});
			case 'toggle-other-states':
				return update({hideOther: !state.hideOther});
			case 'scan': {
				// Prefill: the remote end of a connection; for a listener its own address,
				// or loopback when it listens on every interface.
				const record = selectedRow?.record;
				const loopback = record?.family === 6 ? '::1' : '127.0.0.1';
				const target =
					record && state.focus !== 'scan'
						? (record.remoteAddress ??
							(isWildcardAddress(record.localAddress) ? loopback : record.localAddress))
						: state.lastScan.target;
				return update({
					mode: 'scan-input',
					focus: 'scan',
					message: null,
					scanInput: {target, ports: state.lastScan.ports, field: 'target', error: null, starting: false},
				});
			}
			default:
				return;
		}
	};

	const handleKey = (input: string, key: KeyEvent) => {
		const state = stateRef.current;
		const name = keyName(input, key);
		const action = actionFor(state.mode, name);
		if (state.mode === 'filter') {
			if (action === 'quit') return exit();
			if (action === 'accept') {
				if (!parseFilter(state.draft).ok) return; // the error is already shown inline
				return update({mode: 'table', filter: state.draft.trim()});
			}
			if (action === 'cancel') return update({mode: 'table', filter: '', draft: ''});
			const draft = editText(state.draft, input, name, key, MAX_FILTER_LENGTH);
			if (draft !== null) update({draft});
			return;
		}
		if (state.mode === 'scan-input' && state.scanInput) {
			const field = state.scanInput;
			if (action === 'quit') return exit();
			if (action === 'cancel') return update({mode: 'table', scanInput: null});
			if (field.starting) return;
			if (action === 'next-field')
				return update({
					scanInput: {...field, field: field.field === 'target' ? 'ports' : 'target', error: null},
				});
			if (action === 'accept') {
				update({scanInput: {...field, starting: true, error: null}});
				void deps.scanner.start(field.target, field.ports).then((error) => {
					const old = stateRef.current;
					commit(
						error
							? {...old, scanInput: old.scanInput && {...old.scanInput, starting: false, error}}
							: {
									...old,
									mode: 'table',
									scanInput: null,
									lastScan: {target: field.target.trim(), ports: field.ports.trim() || 'top100'},
								},
					);
				});
				return;
			}
			const next = editText(field.field === 'target' ? field.target : field.ports, input, name, key, 300);
			if (next === null) return;
			return update({scanInput: {...field, [field.field]: next, error: null}});
		}
		if (state.mode === 'help') {
			if (action === 'quit' && name === 'ctrl-c') return exit();
			if (action === 'cancel' || action === 'help' || action === 'quit') return update({mode: 'table'});
			const delta = {up: -1, down: 1, 'page-up': -10, 'page-down': 10}[action as string] ?? 0;
			if (delta !== 0) update({helpScroll: Math.max(0, state.helpScroll + delta)});
			return;
		}
		if (state.mode === 'detail' && state.detail) {
			if (action === 'quit' && name === 'ctrl-c') return exit();
			if (action === 'cancel' || action === 'quit') return update({mode: 'table', detail: null});
			const delta = {up: -1, down: 1, 'page-up': -10, 'page-down': 10}[action as string] ?? 0;
			if (delta !== 0) update({detail: {...state.detail, scroll: Math.max(0, state.detail.scroll + delta)}});
			return;
		}
		if (state.mode === 'kill' && state.kill) {
			if (action === 'quit') return exit();
			if (state.kill.stage === 'waiting') return;
			if (action === 'confirm-yes')
				return sendSignal(state.kill.target, state.kill.stage === 'confirm' ? 'SIGTERM' : 'SIGKILL');
			if (action === 'confirm-no')
				return update({mode: 'table', kill: null, message: {kind: 'info', text: 'not terminated'}});
			return;
		}
		if (action) tableAction(action);
	};

	useInput((input, key) => {
		// Ink 6.8 delivers a chunk of several keys (a paste, fast typing over SSH, `jj`)
		// as one event: replay it key by key, except plain text typed into a field.
		const mode = stateRef.current.mode;
		const typing = mode === 'filter' || mode === 'scan-input';
		if (input.length > 1 && (!typing || /[\x00-\x1f\x7f]/.test(input))) {
			for (const part of splitChunk(input)) handleKey(part.input, part.key);
			return;
		}
		handleKey(input, key);
	});

	if (!layout.fits) {
		return (
			<Text wrap="wrap">{`Terminal too small: ${layout.width}×${layout.height + 1}. socktop needs at least ${MIN_COLUMNS}×${MIN_ROWS}.`}</Text>
		);
	}

	const bodyHeight = layout.height - 4; // header and footer take two lines each
	let body: React.ReactNode;
	if (state.mode === 'help')
		body = (
			<HelpScreen height={bodyHeight} scroll={state.helpScroll} readOnly={config.readOnly} theme={theme} />
		);
	else if (state.mode === 'detail' && state.detail) {
		const owned = snapshot.rows.filter((row) =>
			row.record.owners.some((owner) => owner.pid === state.detail!.pid),
		);
		body = (
			<DetailView
				pid={state.detail.pid}
				name={state.detail.name}
				details={details}
				rows={owned}
				hostName={context.hostName}
				height={bodyHeight}
				width={layout.width}
				scroll={state.detail.scroll}
				theme={theme}
			/>
		);
	} else if (state.mode === 'kill' && state.kill) {
		body = (
			<KillDialog target={state.kill.target} stage={state.kill.stage} height={bodyHeight} theme={theme} />
		);
	} else {
		body = (
			<>
				{panes.map(({pane, rows, height, index, start, visible}) => {
					const fitted = fitColumns(COLUMNS[pane], layout.width, {rows: visible, context});
					const sort = state.sort[pane];
					const sortTitle = COLUMNS[pane].find((column) => column.id === sort.column)?.title ?? sort.column;
					return (
						<TablePane
							key={pane}
							title={pane === 'listening' ? 'Listening' : 'Connections'}
							focused={state.focus === pane}
							fitted={fitted}
							sort={{label: sortTitle.toLowerCase(), descending: sort.descending}}
							rows={visible}
							start={start}
							total={rows.length}
							height={height}
							width={layout.width}
							selectedKey={index >= 0 ? rows[index]!.key : null}
							context={context}
							emptyText={
								state.filter || state.draft
									? 'no sockets match the filter'
									: snapshot.loading
										? 'reading sockets…'
										: 'none'
							}
							note={
								pane === 'established' && paneRows.hiddenOther > 0
									? `  ${paneRows.hiddenOther} in other states hidden (o)`
									: ''
							}
							theme={theme}
						/>
					);
				})}
				<ScanPane
					height={layout.scanLines}
					width={layout.width}
					focused={state.focus === 'scan'}
					scan={scan}
					input={state.scanInput}
					serviceName={(port) => deps.serviceName(port, 'tcp')}
					localOwner={(host, port) => localListener(snapshot, host, port)}
					theme={theme}
				/>
			</>
		);
	}

	return (
		<Box flexDirection="column" height={layout.height} width={layout.width}>
			<Header
				hostname={config.hostname}
				sourceName={config.sourceName}
				intervalMs={config.intervalMs}
				snapshot={snapshot}
				counts={counts}
				paused={state.paused}
				isRoot={config.isRoot}
				theme={theme}
				width={layout.width}
			/>
			<Box flexDirection="column" height={bodyHeight}>
				{body}
			</Box>
			<Footer
				mode={state.mode}
				readOnly={config.readOnly}
				filter={state.filter}
				draft={state.draft}
				filterError={filterError}
				message={state.message}
				sourceError={snapshot.error}
				theme={theme}
			/>
		</Box>
	);
}

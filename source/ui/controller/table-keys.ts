import {isWildcardAddress} from '../../model/address.js';
import {isUnattributed, type UnattributedCause} from '../../model/attribution.js';
import type {SocketRecord} from '../../model/socket-record.js';
import type {Action} from '../keymap.js';
import {COLUMNS} from '../model/columns.js';
import {OWNERS_PENDING_TEXT} from '../model/status-text.js';
import type {PaneId} from '../model/view-row.js';
import type {UiState} from '../ui-state.js';
import {filterToContainer} from './container-filter.js';
import {killTargetFor} from './kill-target.js';
import {
	type Movement,
	movedIndex,
	moveSelection,
	paneWindow,
	scrolled,
	selectable,
	selectedRow,
	stepFocus,
} from './navigation.js';
import {netnsScanTarget} from './netns-scan-target.js';
import {isRemote, processFilter, remoteNoPidMessage, remoteScanTarget} from './remote-row.js';
import {type ControllerView, type KeyPress, type Step, stay, withEffect} from './types.js';

/** Why Enter/K/p cannot act on a row with no pid: the real cause, not a guess. */
export function noOwnerMessage(record: SocketRecord, cause: UnattributedCause | null): string {
	// TIME_WAIT and other orphaned sockets: no inode, so no process holds them at all.
	if (!isUnattributed(record)) return 'no process holds this socket';
	if (cause === 'hidden-from-root') return 'owner hidden (PID namespace, sandbox or hidepid)';
	if (cause === 'not-root') return 'owner unknown: not root (sudo shows owners)';
	return 'owner unknown for this socket';
}

const MOVEMENTS: ReadonlySet<Action> = new Set(['up', 'down', 'page-up', 'page-down', 'top', 'bottom']);

function move(state: UiState, view: ControllerView, movement: Movement): UiState {
	if (state.focus === 'scan') {
		const scanScroll = scrolled(state.scanScroll, movement, view.scan.results, view.scan.room);
		return scanScroll === state.scanScroll ? state : {...state, scanScroll};
	}
	const pane = state.focus;
	const {index} = paneWindow(state, view, pane);
	const {rows, height} = view.panes[pane];
	return moveSelection(state, view, pane, movedIndex(index, movement, rows.length, height));
}

/**
 * `<` `>` step to the previous / next column on screen (a column the width left out would
 * sort by something the user cannot see), `I` reverses. From a sort column that is not on
 * screen, the step starts where that column would be.
 */
function sortKey(state: UiState, pane: PaneId, action: Action, shown: readonly string[]): UiState {
	const sort = state.sort[pane];
	if (action === 'sort-reverse')
		return {...state, sort: {...state.sort, [pane]: {...sort, descending: !sort.descending}}};
	const base = COLUMNS[pane].map((column) => column.id);
	// Columns only some data has (HOST) come first, as they are drawn.
	const all = [...shown.filter((id) => !base.includes(id)), ...base];
	const onScreen = all.some((id) => shown.includes(id)) ? (id: string) => shown.includes(id) : () => true;
	const step = action === 'sort-next' ? 1 : all.length - 1;
	let at = Math.max(0, all.indexOf(sort.column));
	for (let tries = 0; tries < all.length; tries++) {
		at = (at + step) % all.length;
		if (onScreen(all[at]!)) break;
	}
	return {...state, sort: {...state.sort, [pane]: {column: all[at]!, descending: false}}};
}

/** Esc: cancel a running scan, else close the scan results (scan pane focused), else clear the filter. */
function clear(state: UiState, view: ControllerView): Step {
	if (view.scan.phase === 'running')
		return withEffect({...state, message: {kind: 'info', text: 'scan cancelled'}}, {kind: 'cancel-scan'});
	if (state.focus === 'scan') return stay(dismissScan(state, view));
	return stay({...state, filter: '', draft: '', message: null});
}

export function dismissScan(state: UiState, view: ControllerView): UiState {
	const next: UiState = {...state, scanDismissed: true, scanScroll: 0};
	if (next.focus !== 'scan') return next;
	const focus = selectable(next, view, next.scanOrigin) ? next.scanOrigin : stepFocus(next, view, 1);
	return {...next, focus: focus === 'scan' ? next.scanOrigin : focus};
}

function openScan(state: UiState, view: ControllerView): UiState {
	// Prefill: the remote end of a connection; for a listener its own address, or
	// loopback when it listens on every interface.
	// Another namespace's loopback is not this machine's: netns-scan-target.ts.
	const record = selectedRow(state, view)?.record;
	const loopback = record?.family === 6 ? '::1' : '127.0.0.1';
	// Only this machine's namespaces have their addresses read; another host's go by remoteScanTarget.
	const inNamespace =
		record && !isRemote(record) ? netnsScanTarget(record, view.snapshot.netnsAddresses) : null;
	const target = inNamespace
		? inNamespace.target
		: record
			? remoteScanTarget(
					record,
					record.remoteAddress ?? (isWildcardAddress(record.localAddress) ? loopback : record.localAddress),
				)
			: state.lastScan.target;
	return {
		...state,
		mode: 'scan-input',
		focus: 'scan',
		scanOrigin: state.focus === 'scan' ? state.scanOrigin : state.focus,
		message: inNamespace?.message ?? null,
		scanInput: {
			target,
			ports: inNamespace?.ports ?? state.lastScan.ports,
			field: 'target',
			error: null,
			starting: false,
			replace: {target: true, ports: true},
		},
	};
}

/** Keys that act on the selected row's process. */
function rowKey(state: UiState, view: ControllerView, action: Action, press: KeyPress): Step {
	const row = selectedRow(state, view);
	if (action === 'kill' && view.readOnly)
		return stay({...state, message: {kind: 'error', text: 'read-only mode: kill is disabled'}});
	if (!row) return stay({...state, message: {kind: 'info', text: 'no row selected'}});
	const pid = row.record.pid;
	// Tables first (Row.ownersPending): not "no owner", only not read yet.
	if (pid === null && row.ownersPending)
		return stay({...state, message: {kind: 'info', text: `${OWNERS_PENDING_TEXT} (try again in a moment)`}});
	if (pid === null)
		return stay({
			...state,
			message: {
				kind: 'error',
				text: isRemote(row.record)
					? remoteNoPidMessage(row.record)
					: noOwnerMessage(row.record, view.snapshot.unattributedCause),
			},
		});
	if (action === 'filter-process') {
		const filter = processFilter(row.record, pid);
		return stay({...state, filter, draft: filter, message: null});
	}
	if (action === 'details')
		return stay({
			...state,
			mode: 'detail',
			detail: {
				pid,
				name: row.record.process ?? '?',
				scroll: 0,
				socket: row.key,
				...(isRemote(row.record) ? {host: row.record.host} : {}),
			},
		});
	if (row.status === 'closed')
		// Its pid may already belong to another process: never signal what is gone.
		return stay({...state, message: {kind: 'error', text: 'this socket has closed: nothing to kill'}});
	const target = killTargetFor(row, view.snapshot);
	return stay({...state, mode: 'kill', kill: {target, stage: 'confirm', armedAfterRead: press.read}});
}

/** A key in the table view (mode 'table'). */
export function tableKey(state: UiState, action: Action | null, view: ControllerView, press: KeyPress): Step {
	if (action === null) return stay(state);
	if (MOVEMENTS.has(action)) return stay(move(state, view, action as Movement));
	switch (action) {
		case 'help':
			return stay({...state, mode: 'help', helpScroll: 0});
		case 'next-pane':
		case 'prev-pane':
			return stay({...state, focus: stepFocus(state, view, action === 'next-pane' ? 1 : -1), message: null});
		case 'filter':
			// Typing continues the kept filter: a new term after a space.
			return stay({
				...state,
				mode: 'filter',
				draft: state.filter ? `${state.filter} ` : '',
				message: null,
				filterReturn: 'table',
			});
		case 'clear':
			return clear(state, view);
		case 'sort-next':
		case 'sort-prev':
		case 'sort-reverse':
			return state.focus === 'scan'
				? stay(state)
				: stay(sortKey(state, state.focus, action, view.panes[state.focus].columns));
		case 'pause':
			return withEffect(
				{...state, paused: !state.paused, message: null},
				{kind: 'freeze', on: !state.paused},
			);
		case 'refresh':
			return withEffect(
				{...state, message: {kind: 'info', text: 'refreshing…'}},
				{kind: 'refresh', refreeze: state.paused},
			);
		case 'filter-container':
			return stay(filterToContainer(state, view));
		case 'filter-process':
		case 'details':
		case 'kill':
			return rowKey(state, view, action, press);
		case 'toggle-dns':
			return stay({
				...state,
				dns: !state.dns,
				message: {kind: 'info', text: `reverse DNS ${state.dns ? 'off' : 'on'}`},
			});
		case 'toggle-other-states':
			return stay({...state, hideOther: !state.hideOther});
		case 'scan':
			return stay(openScan(state, view));
		case 'history':
			return stay({...state, mode: 'history', historyScroll: 0, message: null});
		default:
			return stay(state);
	}
}

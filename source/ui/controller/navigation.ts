import type {Row} from '../../store/snapshot.js';
import {scrollWindow} from '../model/layout.js';
import type {PaneId} from '../model/view-row.js';
import {FOCUS_ORDER, type FocusId, type UiState} from '../ui-state.js';
import type {ControllerView} from './types.js';

const clamp = (value: number, low: number, high: number) =>
	Math.min(Math.max(value, low), Math.max(low, high));

/** Where the selection is: the selected row if it is still there, else the row at its last index. */
export function selectionIndex(rows: readonly Row[], key: string | null, fallback: number): number {
	if (rows.length === 0) return -1;
	if (key !== null) {
		const index = rows.findIndex((row) => row.key === key);
		if (index >= 0) return index;
	}
	return clamp(fallback, 0, rows.length - 1);
}

export interface PaneWindow {
	readonly index: number;
	readonly start: number;
}

/** The selection and first visible row of a pane, from the state and the rows now shown. Pure. */
export function paneWindow(state: UiState, view: ControllerView, pane: PaneId): PaneWindow {
	const {rows, height} = view.panes[pane];
	return windowOf(state, pane, rows, height);
}

/** paneWindow for ROWS and HEIGHT before a view holds them (the view's columns are fitted to this window). */
export function windowOf(
	state: Pick<UiState, 'selected' | 'selectedIndex' | 'windowStart'>,
	pane: PaneId,
	rows: readonly Row[],
	height: number,
): PaneWindow {
	const index = selectionIndex(rows, state.selected[pane], state.selectedIndex[pane]);
	// No room (terminal too small): keep the window where it was.
	if (height <= 0) return {index, start: state.windowStart[pane]};
	return {index, start: scrollWindow(state.windowStart[pane], Math.max(0, index), height, rows.length)};
}

export function selectedRow(state: UiState, view: ControllerView): Row | null {
	if (state.focus === 'scan') return null;
	const {index} = paneWindow(state, view, state.focus);
	return index >= 0 ? (view.panes[state.focus].rows[index] ?? null) : null;
}

/** Moves a pane's selection to `target` (clamped) and scrolls it into view. */
export function moveSelection(state: UiState, view: ControllerView, pane: PaneId, target: number): UiState {
	const {rows, height} = view.panes[pane];
	if (rows.length === 0) return state;
	const index = clamp(target, 0, rows.length - 1);
	return {
		...state,
		selected: {...state.selected, [pane]: rows[index]!.key},
		selectedIndex: {...state.selectedIndex, [pane]: index},
		windowStart: {
			...state.windowStart,
			[pane]:
				height > 0
					? scrollWindow(state.windowStart[pane], index, height, rows.length)
					: state.windowStart[pane],
		},
		message: null,
	};
}

/** A pane where something can be selected: rows, or scan results not dismissed. */
export function selectable(state: UiState, view: ControllerView, focus: FocusId): boolean {
	if (focus === 'scan') return view.scan.results > 0 && !state.scanDismissed;
	return view.panes[focus].rows.length > 0;
}

/** The next pane in `direction` where something can be selected; the current one when there is none. */
export function stepFocus(state: UiState, view: ControllerView, direction: 1 | -1): FocusId {
	const at = FOCUS_ORDER.indexOf(state.focus);
	for (let step = 1; step < FOCUS_ORDER.length; step++) {
		const candidate = FOCUS_ORDER[(at + direction * step + FOCUS_ORDER.length * 2) % FOCUS_ORDER.length]!;
		if (selectable(state, view, candidate)) return candidate;
	}
	return state.focus;
}

export type Movement = 'up' | 'down' | 'page-up' | 'page-down' | 'top' | 'bottom';

/** The new first line of a scrolled list (help, detail, scan results), clamped to what there is. */
export function scrolled(offset: number, movement: Movement, lines: number, room: number): number {
	const page = Math.max(1, room - 1);
	const last = Math.max(0, lines - room);
	const target = {
		up: offset - 1,
		down: offset + 1,
		'page-up': offset - page,
		'page-down': offset + page,
		top: 0,
		bottom: last,
	}[movement];
	return clamp(target, 0, last);
}

/** The selection target of a movement in a table pane. */
export function movedIndex(index: number, movement: Movement, rows: number, height: number): number {
	const page = Math.max(1, height - 1);
	return {
		up: index - 1,
		down: index + 1,
		'page-up': index - page,
		'page-down': index + page,
		top: 0,
		bottom: rows - 1,
	}[movement];
}

/**
 * After a render with new rows or sizes: window starts, remembered indexes and
 * scroll offsets clamped to what is there now. The same object when nothing moved,
 * so an unchanged view costs no second render.
 */
export function syncToView(state: UiState, view: ControllerView): UiState {
	let next = state;
	for (const pane of ['listening', 'established'] as const) {
		const {index, start} = paneWindow(next, view, pane);
		// Never moved yet: the row shown selected is adopted by key, so a re-sort or a filter
		// leaves the selection on that socket rather than on whatever row takes its index.
		if (index >= 0 && next.selected[pane] === null)
			next = {...next, selected: {...next.selected, [pane]: view.panes[pane].rows[index]!.key}};
		const found = index >= 0 && view.panes[pane].rows[index]!.key === next.selected[pane];
		if (start !== next.windowStart[pane]) next = {...next, windowStart: {...next.windowStart, [pane]: start}};
		if (found && index !== next.selectedIndex[pane])
			next = {...next, selectedIndex: {...next.selectedIndex, [pane]: index}};
	}
	const helpScroll = clamp(next.helpScroll, 0, view.help.lines - view.help.room);
	if (helpScroll !== next.helpScroll) next = {...next, helpScroll};
	if (next.detail) {
		const scroll = clamp(next.detail.scroll, 0, view.detail.lines - view.detail.room);
		if (scroll !== next.detail.scroll) next = {...next, detail: {...next.detail, scroll}};
	}
	const scanScroll = clamp(next.scanScroll, 0, view.scan.results - view.scan.room);
	if (scanScroll !== next.scanScroll) next = {...next, scanScroll};
	return next;
}

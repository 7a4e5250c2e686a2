// The dashboard's controller: pure functions from (state, key or event, last render's
// facts) to the next state and the effects for the shell to run. No React, no I/O.
import {actionFor} from '../keymap.js';
import type {UiState} from '../ui-state.js';
import {historyKey} from './history-keys.js';
import {filterKey, killKey, scanInputKey, screenKey} from './mode-keys.js';
import {tableKey} from './table-keys.js';
import {type ControllerView, type KeyPress, type Step, stay, type UiEvent, withEffect} from './types.js';

/** Ctrl-Z with nothing to resume socktop (`ssh -t host socktop`: no job control). */
export const NO_JOB_CONTROL = 'Ctrl-Z: no job control here, nothing could resume socktop (q quits)';

/** The table's filter as it applies now: the draft while it is typed (live), else the kept one. */
const tableFilterText = (state: UiState) =>
	state.mode === 'filter' && state.filterReturn === 'table' ? state.draft : state.filter;

/**
 * A key, and after it the selection's fallback: when the table's filter changed, the index
 * remembered from the old rows means nothing in the new ones (QA: the selection jumped to
 * whatever row sat at the old index). The selected socket stays selected by key while the
 * filter shows it (selectionIndex); if it hides it, the first row is selected.
 */
export function reduceKey(state: UiState, press: KeyPress, view: ControllerView): Step {
	const step = reduceOne(state, press, view);
	if (tableFilterText(step.state) === tableFilterText(state)) return step;
	return {...step, state: {...step.state, selectedIndex: {listening: 0, established: 0}}};
}

function reduceOne(state: UiState, press: KeyPress, view: ControllerView): Step {
	const action = actionFor(state.mode, press.name);
	if (action === 'quit') return withEffect(state, {kind: 'exit'});
	if (action === 'suspend') return withEffect(state, {kind: 'suspend'});
	switch (state.mode) {
		case 'filter':
			return filterKey(state, press, action);
		case 'scan-input':
			return scanInputKey(state, press, action);
		case 'help':
		case 'detail':
			return screenKey(state, action, view);
		case 'kill':
			return killKey(state, press, action);
		case 'kill-wait':
			return stay(state);
		case 'table':
			return tableKey(state, action, view, press);
		case 'history':
			return historyKey(state, action, view);
	}
}

export function reduceEvent(state: UiState, event: UiEvent): UiState {
	switch (event.kind) {
		case 'scan-started':
			return {
				...state,
				mode: state.mode === 'scan-input' ? 'table' : state.mode,
				scanInput: null,
				focus: state.focus === 'scan' ? state.scanOrigin : state.focus,
				lastScan: {target: event.target.trim(), ports: event.ports.trim() || 'top100'},
				scanDismissed: false,
				scanScroll: 0,
			};
		case 'scan-refused':
			if (!state.scanInput) return state;
			return {...state, scanInput: {...state.scanInput, starting: false, error: event.error}};
		case 'kill-offer':
			if (!state.kill) return state;
			return {
				...state,
				mode: 'kill',
				kill: {...state.kill, stage: 'offer-kill', armedAfterRead: event.afterRead},
			};
		case 'history-note':
			return {...state, message: {kind: 'error', text: event.text}};
		case 'suspend-refused':
			return {...state, message: {kind: 'info', text: NO_JOB_CONTROL}};
		case 'kill-done':
			return {
				...state,
				mode: state.mode.startsWith('kill') ? 'table' : state.mode,
				kill: null,
				message: event.message,
			};
		case 'message-expired':
			return state.message === event.message ? {...state, message: null} : state;
	}
}

/** Keys of one read, in order; stops after a key that ends or suspends the dashboard. */
export function reduceKeys(state: UiState, presses: readonly KeyPress[], view: ControllerView): Step {
	let current = state;
	const effects: Step['effects'][number][] = [];
	for (const press of presses) {
		const step = reduceKey(current, press, view);
		current = step.state;
		effects.push(...step.effects);
		if (step.effects.some((effect) => effect.kind === 'exit' || effect.kind === 'suspend')) break;
	}
	return {state: current, effects};
}

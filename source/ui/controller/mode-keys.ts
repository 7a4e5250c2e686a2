import {parseFilter} from '../../filter/filter.js';
import type {Action} from '../keymap.js';
import {editText} from '../model/edit-text.js';
import type {UiState} from '../ui-state.js';
import {type Movement, scrolled} from './navigation.js';
import {type ControllerView, type KeyPress, type Step, stay, withEffect} from './types.js';

const MAX_FILTER_LENGTH = 1000;
const MAX_FIELD_LENGTH = 300;
const SCROLLS: ReadonlySet<Action> = new Set(['up', 'down', 'page-up', 'page-down', 'top', 'bottom']);

/**
 * Typing a filter: it applies live; Enter keeps it, Esc goes back to the kept one. The
 * history's filter is its own (`historyFilter`): the table's stays as it was.
 */
export function filterKey(state: UiState, press: KeyPress, action: Action | null): Step {
	if (action === 'accept') {
		if (!parseFilter(state.draft).ok) return stay(state); // the error is already shown inline
		const filter = state.draft.trim();
		if (state.filterReturn === 'history')
			return stay({...state, mode: 'history', historyFilter: filter, draft: state.filter, historyScroll: 0});
		return stay({...state, mode: state.filterReturn, filter, draft: filter, historyScroll: 0});
	}
	if (action === 'cancel') return stay({...state, mode: state.filterReturn, draft: state.filter});
	const draft = editText(state.draft, press, MAX_FILTER_LENGTH);
	return draft === null || draft === state.draft ? stay(state) : stay({...state, draft});
}

/** The scan form: target and ports; Enter checks and starts, Esc closes. */
export function scanInputKey(state: UiState, press: KeyPress, action: Action | null): Step {
	const form = state.scanInput;
	if (!form) return stay({...state, mode: 'table'});
	if (action === 'cancel') return stay({...state, mode: 'table', scanInput: null, focus: state.scanOrigin});
	if (form.starting) return stay(state);
	if (action === 'next-field')
		return stay({
			...state,
			scanInput: {...form, field: form.field === 'target' ? 'ports' : 'target', error: null},
		});
	if (action === 'accept')
		return withEffect(
			{...state, scanInput: {...form, starting: true, error: null}},
			{kind: 'start-scan', target: form.target, ports: form.ports},
		);
	const value = editText(form[form.field], press, MAX_FIELD_LENGTH, form.replace[form.field]);
	if (value === null) return stay(state);
	return stay({
		...state,
		scanInput: {...form, [form.field]: value, error: null, replace: {...form.replace, [form.field]: false}},
	});
}

/** Help and detail: scroll, clamped to the lines there are; close. */
export function screenKey(state: UiState, action: Action | null, view: ControllerView): Step {
	if (action === 'cancel') return stay({...state, mode: 'table', detail: null});
	if (action === null || !SCROLLS.has(action)) return stay(state);
	const movement = action as Movement;
	if (state.mode === 'help') {
		const helpScroll = scrolled(state.helpScroll, movement, view.help.lines, view.help.room);
		return stay(helpScroll === state.helpScroll ? state : {...state, helpScroll});
	}
	if (!state.detail) return stay(state);
	const scroll = scrolled(state.detail.scroll, movement, view.detail.lines, view.detail.room);
	return stay(scroll === state.detail.scroll ? state : {...state, detail: {...state.detail, scroll}});
}

/**
 * The kill question. Only a key that came alone, in a read after the one during
 * which the question appeared, answers yes: pasted text or a burst of keys
 * (`echo Kyle`) never signals anything.
 */
export function killKey(state: UiState, press: KeyPress, action: Action | null): Step {
	const dialog = state.kill;
	if (!dialog || dialog.stage === 'waiting') return stay(state);
	if (action === 'confirm-no')
		return stay({...state, mode: 'table', kill: null, message: {kind: 'info', text: 'not terminated'}});
	if (action !== 'confirm-yes') return stay(state);
	if (press.read <= dialog.armedAfterRead || press.readSize !== 1) return stay(state);
	return withEffect(
		{...state, mode: 'kill-wait', kill: {...dialog, stage: 'waiting'}},
		{kind: 'signal', target: dialog.target, signal: dialog.stage === 'confirm' ? 'SIGTERM' : 'SIGKILL'},
	);
}

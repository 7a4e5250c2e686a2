import type {Action} from '../keymap.js';
import type {UiState} from '../ui-state.js';
import {type Movement, scrolled} from './navigation.js';
import {type ControllerView, type Step, stay} from './types.js';

const SCROLLS: ReadonlySet<Action> = new Set(['up', 'down', 'page-up', 'page-down', 'top', 'bottom']);

/** The history view: scroll its event lines, filter them (the filter line comes back here), close. */
export function historyKey(state: UiState, action: Action | null, view: ControllerView): Step {
	if (action === 'cancel') return stay({...state, mode: 'table', historyScroll: 0});
	if (action === 'filter')
		return stay({
			...state,
			mode: 'filter',
			draft: state.historyFilter ? `${state.historyFilter} ` : '',
			message: null,
			filterReturn: 'history',
		});
	if (action === null || !SCROLLS.has(action)) return stay(state);
	const historyScroll = scrolled(
		state.historyScroll,
		action as Movement,
		view.history.lines,
		view.history.room,
	);
	return stay(historyScroll === state.historyScroll ? state : {...state, historyScroll});
}

// `c`: filter the table to the selected row's container (its label), or to its network
// namespace when it has no label (`ns:host` for this machine's own).
import type {SocketRecord} from '../../model/socket-record.js';
import type {UiState} from '../ui-state.js';
import {selectedRow} from './navigation.js';
import type {ControllerView} from './types.js';

/** The filter term that keeps the sockets of the record's container or namespace. */
export function containerTerm(record: Pick<SocketRecord, 'container' | 'netns'>): string {
	if (record.container !== null && !/\s|"/.test(record.container)) return `container:${record.container}`;
	return record.netns === null ? 'ns:host' : `ns:${record.netns}`;
}

export function filterToContainer(state: UiState, view: ControllerView): UiState {
	const row = selectedRow(state, view);
	if (!row) return {...state, message: {kind: 'info', text: 'no row selected'}};
	const filter = containerTerm(row.record);
	return {...state, filter, draft: filter, message: null};
}

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {selectedRow, syncToView} from '../../../source/ui/controller/navigation.js';
import {reduceKeys} from '../../../source/ui/controller/reduce-key.js';
import type {UiState} from '../../../source/ui/ui-state.js';
import {rec} from '../../helpers/records.js';
import {initial, read, rowOf, viewOf} from './fixtures.js';

// QA: after typing a filter the selection jumped to whatever row sat at its old index.
// It must stay on the same socket while the filter still shows it, else go to the first row.
const rows = [22, 80, 443, 5432, 8080].map((port) =>
	rowOf(rec({localAddress: '0.0.0.0', localPort: port, pid: port, process: `p${port}`})),
);
const [r22, r80, r443, r5432, r8080] = rows as [
	(typeof rows)[0],
	(typeof rows)[0],
	(typeof rows)[0],
	(typeof rows)[0],
	(typeof rows)[0],
];

/** Types `text` as a filter, the view showing `shown` afterwards (as the live filter would). */
function typeFilter(state: UiState, text: string, shown: typeof rows): UiState {
	const before = viewOf({rows, height: 10});
	let next = reduceKeys(state, read('/', 1), before).state;
	next = reduceKeys(next, read(text, 2), before).state;
	return syncToView(next, viewOf({rows: shown, height: 10}));
}

describe('selection across a filter change', () => {
	it('stays on the selected socket when the filter still shows it', () => {
		const all = viewOf({rows, height: 10});
		const state = syncToView(reduceKeys(syncToView(initial(), all), read('jjj', 1), all).state, all);
		assert.equal(selectedRow(state, all)?.key, r5432.key);
		const after = typeFilter(state, 'pid:22,5432,8080', [r22, r5432, r8080]);
		assert.equal(selectedRow(after, viewOf({rows: [r22, r5432, r8080], height: 10}))?.key, r5432.key);
	});

	it('stays on the first row the user saw selected, never moved, when the filter still shows it', () => {
		const all = viewOf({rows, height: 10});
		const state = syncToView(initial(), all);
		assert.equal(selectedRow(state, all)?.key, r22.key);
		// A new order (a re-sort or a refresh) with the same socket still there: it stays selected.
		const resorted = viewOf({rows: [r443, r22, r80], height: 10});
		assert.equal(selectedRow(syncToView(state, resorted), resorted)?.key, r22.key);
	});

	it('goes to the first row when the filter hides the selected socket, not to the row at its old index', () => {
		const all = viewOf({rows, height: 10});
		const state = syncToView(reduceKeys(syncToView(initial(), all), read('jjj', 1), all).state, all);
		const shown = [r22, r80, r443, r8080];
		const after = typeFilter(state, 'port:22,80,443,8080', shown);
		assert.equal(selectedRow(after, viewOf({rows: shown, height: 10}))?.key, r22.key);
		// …and comes back to it when the filter shows it again.
		const back = syncToView(after, all);
		assert.equal(selectedRow(back, all)?.key, r5432.key);
	});
});

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {reduceKeys} from '../../../source/ui/controller/reduce-key.js';
import type {UiState} from '../../../source/ui/ui-state.js';
import {initial, key, read, viewOf} from './fixtures.js';

// QA: the history view's filter persisted into the socket table after leaving the history,
// and the reverse. Each view keeps its own filter (as htop does).
const view = viewOf();
const keys = (state: UiState, ...presses: Parameters<typeof reduceKeys>[1]) =>
	reduceKeys(state, presses, view).state;

describe('the history view has its own filter', () => {
	it('a filter typed in the history stays out of the table', () => {
		let state = keys(initial(), key('H'), key('/'));
		assert.equal(state.mode, 'filter');
		state = reduceKeys(state, read('port:22', 2), view).state;
		state = keys(state, key('enter', 3));
		assert.equal(state.mode, 'history');
		assert.equal(state.historyFilter, 'port:22');
		state = keys(state, key('escape', 4));
		assert.equal(state.mode, 'table');
		assert.equal(state.filter, '', 'the table is not filtered by the history filter');
		assert.equal(state.draft, '');
		// Back in the history, its filter is still there.
		assert.equal(keys(state, key('H', 5)).historyFilter, 'port:22');
	});

	it("the table's filter stays out of the history, and survives a history filter edit", () => {
		let state = keys(initial(), key('/'));
		state = reduceKeys(state, read('nginx', 2), view).state;
		state = keys(state, key('enter', 3), key('H', 4));
		assert.equal(state.filter, 'nginx');
		assert.equal(state.historyFilter, '');
		state = keys(state, key('/', 5));
		assert.equal(state.draft, '', 'the history filter starts from its own, empty');
		state = reduceKeys(state, read('port:80', 6), view).state;
		state = keys(state, key('escape', 7));
		assert.equal(state.mode, 'history');
		assert.equal(state.historyFilter, '', 'Esc dropped the draft');
		state = keys(state, key('escape', 8));
		assert.equal(state.filter, 'nginx');
		assert.equal(state.draft, 'nginx');
	});
});

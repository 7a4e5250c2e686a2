// The pane title's sort arrow shows which way the values run on screen: rates and queues sort
// highest first, so their default is ▼ (descending), like AGE's oldest-first, not ▲.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {sortShownDescending} from '../../../source/ui/model/sort-arrow.js';

describe('sort arrow', () => {
	it('rates and queues, highest first, read as descending; reversed (I) as ascending', () => {
		for (const [pane, column] of [
			['established', 'rx'],
			['established', 'tx'],
			['listening', 'queue'],
		] as const) {
			assert.equal(sortShownDescending(pane, {column, descending: false}), true, column);
			assert.equal(sortShownDescending(pane, {column, descending: true}), false, column);
		}
	});
	it('other columns keep their flag', () => {
		assert.equal(sortShownDescending('listening', {column: 'port', descending: false}), false);
		assert.equal(sortShownDescending('established', {column: 'age', descending: true}), true);
	});
});

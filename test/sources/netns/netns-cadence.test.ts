import assert from 'node:assert/strict';
import {test} from 'node:test';
import {chooseReads, type NamespaceHistory} from '../../../source/sources/procfs/netns-cadence.js';

const turns = (n: number, signature = 's') => Array.from({length: n}, (_, i) => ({key: i + 1, signature}));
const history = (entries: [number, Partial<NamespaceHistory>][]) =>
	new Map(entries.map(([key, h]) => [key, {readAt: 0, signature: 's', costMs: 10, ...h}]));

test('namespaces never read are all read at once (the first poll, --once)', () => {
	assert.deepEqual(chooseReads(turns(5), new Map(), {hostCostMs: 1000}), [1, 2, 3, 4, 5]);
});

test('known namespaces are read oldest first within the budget: a share of the host read, with a floor', () => {
	const past = history([
		[1, {readAt: 300}],
		[2, {readAt: 100}],
		[3, {readAt: 200}],
		[4, {readAt: 400}],
	]);
	// 0.45 × 50 ms = 22.5 ms: two reads of 10 ms
	assert.deepEqual(chooseReads(turns(4), past, {hostCostMs: 50}), [2, 3]);
	// the floor (10 ms): one
	assert.deepEqual(chooseReads(turns(4), past, {hostCostMs: 1}), [2]);
	// a cheap host: everything fits under the floor
	assert.deepEqual(chooseReads(turns(4), past, {hostCostMs: 1, floorMs: 100}), [2, 3, 1, 4]);
});

test('a namespace whose processes changed is read now, and one waiting namespace still comes round', () => {
	const past = history([
		[1, {readAt: 100, costMs: 50}],
		[2, {readAt: 50, costMs: 50}],
		[3, {readAt: 10, costMs: 50, signature: 'old'}],
	]);
	assert.deepEqual(chooseReads(turns(3), past, {hostCostMs: 10}), [3, 2]);
});

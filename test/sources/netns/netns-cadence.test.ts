import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
	chooseReads,
	DEFAULT_MAX_AGE_MS,
	type NamespaceHistory,
} from '../../../source/sources/procfs/netns-cadence.js';

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
	// the floor (10 ms here): one
	assert.deepEqual(chooseReads(turns(4), past, {hostCostMs: 1, floorMs: 10}), [2]);
	// the default floor (25 ms): two
	assert.deepEqual(chooseReads(turns(4), past, {hostCostMs: 1}), [2, 3]);
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

/** Polls every `gapMs` on a fake clock; each read costs `costMs`. The worst age seen and reads per poll. */
function simulate(options: {
	namespaces: number;
	costMs: number;
	hostCostMs: number;
	gapMs: number;
	polls: number;
	maxAgeMs?: number;
	floorMs?: number;
}) {
	const past = new Map<number, NamespaceHistory>();
	const all = turns(options.namespaces);
	let worstAge = 0;
	const perPoll: number[] = [];
	for (let poll = 0; poll < options.polls; poll++) {
		const now = 1_000_000 + poll * options.gapMs;
		const chosen = chooseReads(all, past, {
			hostCostMs: options.hostCostMs,
			now,
			pollGapMs: poll === 0 ? null : options.gapMs,
			maxAgeMs: options.maxAgeMs,
			floorMs: options.floorMs,
		});
		for (const key of chosen) past.set(key, {readAt: now, signature: 's', costMs: options.costMs});
		perPoll.push(chosen.length);
		// The age of the oldest data just before the next poll reads anything.
		for (const h of past.values()) worstAge = Math.max(worstAge, now + options.gapMs - h.readAt);
	}
	return {worstAge, perPoll};
}

test('QA case: 28 namespaces dear to read (8 ms) on a host whose own table is cheap: the data stays within the age bound', () => {
	// Before the bound: one namespace per 2 s poll, data 56 s old.
	const {worstAge, perPoll} = simulate({namespaces: 28, costMs: 8, hostCostMs: 2, gapMs: 2000, polls: 60});
	assert.ok(worstAge <= DEFAULT_MAX_AGE_MS, `oldest data ${worstAge} ms`);
	// Spread evenly, not all at once when the bound nears: after the first poll, 4 every poll
	// (28 × 2 s / 18 s = 3.1, rounded up), which the 25 ms floor would not allow (3).
	assert.deepEqual(new Set(perPoll.slice(1)), new Set([4]));
	assert.equal(perPoll[0], 28);
});

test('a cheap namespace set is read whole every poll (the floor), a dear one only as the age bound needs', () => {
	const cheap = simulate({namespaces: 30, costMs: 0.3, hostCostMs: 1, gapMs: 2000, polls: 10});
	assert.deepEqual(new Set(cheap.perPoll), new Set([30]));
	assert.equal(cheap.worstAge, 2000);
	const dear = simulate({namespaces: 30, costMs: 30, hostCostMs: 40, gapMs: 2000, polls: 40});
	assert.ok(dear.worstAge <= DEFAULT_MAX_AGE_MS, `oldest data ${dear.worstAge} ms`);
	assert.ok(Math.max(...dear.perPoll.slice(1)) <= 4, `${dear.perPoll}`);
});

test('a longer bound or a longer interval: the same rule, scaled', () => {
	const loose = simulate({
		namespaces: 30,
		costMs: 30,
		hostCostMs: 40,
		gapMs: 2000,
		polls: 60,
		maxAgeMs: 60_000,
	});
	assert.ok(loose.worstAge <= 60_000 && loose.worstAge > 20_000, `oldest data ${loose.worstAge} ms`);
	// Polls 6 s apart: the bound is 5 polls (30 s), 10 × 6 / 24 → 3 of 10 each poll.
	const slower = simulate({namespaces: 10, costMs: 30, hostCostMs: 40, gapMs: 6000, polls: 10});
	assert.deepEqual(new Set(slower.perPoll.slice(1)), new Set([3]));
	assert.ok(slower.worstAge <= 30_000, `oldest data ${slower.worstAge} ms`);
	// Polls 15 s apart (late on a loaded machine, or -i 15): the bound becomes 5 polls (75 s),
	// not "every namespace each poll", which would make late polls later still.
	const slow = simulate({namespaces: 10, costMs: 30, hostCostMs: 40, gapMs: 15_000, polls: 20});
	assert.deepEqual(new Set(slow.perPoll.slice(1)), new Set([3]));
	assert.ok(slow.worstAge <= 5 * 15_000, `oldest data ${slow.worstAge} ms`);
});

test('without a clock there is no age bound (the budget alone, at least one per poll)', () => {
	const past = history([
		[1, {readAt: 0, costMs: 30}],
		[2, {readAt: 0, costMs: 30}],
	]);
	assert.deepEqual(chooseReads(turns(2), past, {hostCostMs: 1, floorMs: 10}), [1]);
	// With it, both are past the bound.
	assert.deepEqual(
		chooseReads(turns(2), past, {hostCostMs: 1, floorMs: 10, now: 30_000, pollGapMs: 2000}),
		[1, 2],
	);
});

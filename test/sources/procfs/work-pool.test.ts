import assert from 'node:assert/strict';
import {test} from 'node:test';
import {runPool} from '../../../source/sources/procfs/work-pool.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

test('at most max at once; added items are taken before the remaining ones', async () => {
	let running = 0;
	let peak = 0;
	const done: string[] = [];
	await runPool(['a', 'b', 'c'], 2, new AbortController().signal, async (item, add) => {
		running++;
		peak = Math.max(peak, running);
		await tick();
		if (item === 'a') add(['a1', 'a2', 'a3']);
		done.push(item);
		running--;
	});
	assert.equal(peak, 2);
	assert.deepEqual(done.sort(), ['a', 'a1', 'a2', 'a3', 'b', 'c']);
});

test('an empty input resolves; a failing item (even a synchronous throw) rejects', async () => {
	await runPool([], 4, new AbortController().signal, async () => assert.fail('no items'));
	await assert.rejects(
		runPool([1, 2, 3], 2, new AbortController().signal, (n) => {
			if (n === 2) throw new Error('two');
			return tick();
		}),
		{message: 'two'},
	);
});

test('after abort nothing new starts, however many items are left', async () => {
	const controller = new AbortController();
	let started = 0;
	const items = Array.from({length: 200_000}, (_, i) => i);
	await assert.rejects(
		runPool(items, 4, controller.signal, async () => {
			if (++started === 10) controller.abort(new Error('stop'));
			await tick();
		}),
		{message: 'stop'},
	);
	assert.ok(started <= 13, `started ${started}`);
});

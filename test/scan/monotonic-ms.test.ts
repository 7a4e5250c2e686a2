import assert from 'node:assert/strict';
import {test} from 'node:test';
import {setTimeout as sleep} from 'node:timers/promises';
import {monotonicMs} from '../../source/scan/monotonic-ms.js';

test('monotonicMs counts milliseconds and never goes back', async () => {
	const first = monotonicMs();
	let last = first;
	for (let i = 0; i < 1000; i++) {
		const now = monotonicMs();
		assert.ok(now >= last);
		last = now;
	}
	await sleep(20);
	// A lower bound only (timers never fire much early): milliseconds, not seconds or µs.
	const elapsed = monotonicMs() - first;
	assert.ok(elapsed >= 15 && elapsed < 1e6, `${elapsed}`);
	assert.ok(!Number.isInteger(elapsed) || elapsed > 0, 'sub-millisecond resolution or a real gap');
});

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {pollTimeouts} from '../../source/cli/poll-timeouts.js';
import {FIRST_POLL_TIMEOUT_MS} from '../../source/store/poll-bounds.js';

test('without --timeout a cold read (--once, a first poll) gets the long cap, later polls the interval', () => {
	assert.equal(FIRST_POLL_TIMEOUT_MS, 30_000);
	assert.deepEqual(pollTimeouts(null, 2000), {firstMs: 30_000, laterMs: 2000});
	assert.deepEqual(pollTimeouts(null, 200), {firstMs: 30_000, laterMs: 1000});
});

test('an explicit --timeout bounds every read', () => {
	assert.deepEqual(pollTimeouts(500, 2000), {firstMs: 500, laterMs: 500});
});

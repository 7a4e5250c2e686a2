// The scan command's last line counts ports in words that agree with the number.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {summaryLine} from '../../source/cli/scan-output.js';
import type {ScanReport} from '../../source/scan/scan-types.js';

const report = (change: Partial<ScanReport>): ScanReport => ({
	hosts: ['127.0.0.1'],
	ports: [18080],
	states: new Uint8Array(1),
	latencyMs: new Map(),
	errors: new Map(),
	open: 0,
	closed: 1,
	filtered: 0,
	unreachable: 0,
	total: 1,
	cancelled: false,
	elapsedMs: 3,
	...change,
});
const target = {input: 'localhost', name: 'localhost', hosts: ['127.0.0.1']};

test('one port scanned: singular (socktop scan localhost --ports 18080)', () => {
	assert.match(
		summaryLine(report({}), target),
		/^1 port scanned on localhost \(127\.0\.0\.1\): 0 open, 1 closed/,
	);
});

test('two ports, and a cancelled scan of several: plural', () => {
	assert.match(summaryLine(report({closed: 2, total: 2}), target), /^2 ports scanned on /);
	assert.match(
		summaryLine(report({closed: 1, total: 5, cancelled: true}), target),
		/^1 of 5 ports scanned on /,
	);
});

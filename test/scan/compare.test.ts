import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {compareScans} from '../../source/scan/compare.js';
import type {PortResult, PortState} from '../../source/scan/scan-types.js';

const r = (port: number, state: PortState, host = '10.0.0.1'): PortResult => ({
	host,
	port,
	state,
	latencyMs: state === 'open' ? 1 : null,
});

describe('compareScans', () => {
	it('finds newly open and newly closed ports, sorted', () => {
		const before = [r(22, 'open'), r(80, 'closed'), r(443, 'open'), r(8080, 'filtered'), r(9000, 'open')];
		const after = [r(22, 'open'), r(80, 'open'), r(443, 'filtered'), r(8080, 'open'), r(9000, 'closed')];
		const diff = compareScans(before, after);
		assert.deepEqual(
			diff.newlyOpen.map((c) => [c.port, c.before, c.after]),
			[
				[80, 'closed', 'open'],
				[8080, 'filtered', 'open'],
			],
		);
		assert.deepEqual(
			diff.newlyClosed.map((c) => [c.port, c.before, c.after]),
			[
				[443, 'open', 'filtered'],
				[9000, 'open', 'closed'],
			],
		);
		assert.equal(diff.notCompared, 0);
	});

	it('compares only ports both scans answered, per host', () => {
		const before = [r(22, 'open'), r(22, 'closed', '::1'), r(25, 'open')];
		const after = [r(22, 'open', '::1'), r(22, 'open'), r(3306, 'open')];
		const diff = compareScans(before, after);
		assert.deepEqual(
			diff.newlyOpen.map((c) => `${c.host} ${c.port}`),
			['::1 22'],
		);
		assert.deepEqual(diff.newlyClosed, []);
		assert.equal(diff.notCompared, 2);
	});

	it('finds nothing when nothing changed', () => {
		const scan = [r(1, 'closed'), r(2, 'open')];
		assert.deepEqual(compareScans(scan, scan), {newlyOpen: [], newlyClosed: [], notCompared: 0});
	});
});

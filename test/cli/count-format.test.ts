import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {count} from '../../source/cli/scan-output.js';
import {compareText} from '../../source/model/compare-text.js';

// Both replace ICU-backed calls (toLocaleString, localeCompare) whose first use costs
// tens of ms of CPU in short commands: they must give the same text and order.
describe('ICU-free formatting and ordering', () => {
	it('count() writes whole numbers as toLocaleString("en-US") does', () => {
		for (const n of [0, 7, 999, 1000, 65_535, 1_000_000, -1234])
			assert.equal(count(n), n.toLocaleString('en-US'));
		fc.assert(
			fc.property(fc.integer({min: -(2 ** 40), max: 2 ** 40}), (n) => {
				assert.equal(count(n), n.toLocaleString('en-US'));
			}),
		);
	});

	it('compareText() orders protocols, states and error codes as localeCompare does', () => {
		const words = ['udp', 'tcp', 'EHOSTUNREACH', 'ECONNRESET', 'EACCES', 'tcp', 'ENETUNREACH'];
		const upper = words.filter((word) => word === word.toUpperCase());
		assert.deepEqual(
			[...upper].sort(compareText),
			[...upper].sort((a, b) => a.localeCompare(b)),
		);
		assert.deepEqual(['udp', 'tcp', 'tcp'].sort(compareText), ['tcp', 'tcp', 'udp']);
		fc.assert(
			fc.property(fc.stringMatching(/^[a-z0-9]{0,6}$/), fc.stringMatching(/^[a-z0-9]{0,6}$/), (a, b) => {
				assert.equal(Math.sign(compareText(a, b)), Math.sign(a.localeCompare(b)));
			}),
		);
	});
});

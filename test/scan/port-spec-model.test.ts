// parsePortSpec keeps ports named one by one in a list sorted natively, and walks the
// 65,535 flags only for ranges and `all` (port-spec.ts says why): both ways must give
// what a plain set of every port named, sorted, gives.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {parsePortSpec} from '../../source/scan/port-spec.js';
import {top100, top1000} from '../../source/scan/top-ports.js';

/** The ports of one well-formed item, the slow obvious way. */
function portsOf(item: string): number[] {
	if (item === 'all') return Array.from({length: 65535}, (_, i) => i + 1);
	if (item === 'top100') return [...top100];
	if (item === 'top1000') return [...top1000];
	const [from, to = from] = item.split('-').map(Number) as [number, number?];
	return Array.from({length: to! - from + 1}, (_, i) => from + i);
}

const port = fc.integer({min: 1, max: 65535});
const item = fc.oneof(
	{weight: 5, arbitrary: port.map(String)},
	{
		weight: 2,
		arbitrary: fc
			.tuple(port, fc.integer({min: 0, max: 300}))
			.map(([from, span]) => `${from}-${Math.min(65535, from + span)}`),
	},
	{weight: 1, arbitrary: fc.constantFrom('top100', 'top1000', 'top100', 'top1000', 'all')},
);

describe('parsePortSpec against a set of every port named', () => {
	it('gives the same sorted unique ports for lists of ports, ranges and keywords', () => {
		fc.assert(
			fc.property(fc.array(item, {minLength: 1, maxLength: 12}), (items) => {
				const parsed = parsePortSpec(items.join(','));
				assert.ok(parsed.ok);
				const expected = [...new Set(items.flatMap(portsOf))].sort((a, b) => a - b);
				assert.deepEqual(parsed.ports, expected);
			}),
			{numRuns: 150, seed: 10},
		);
	});

	it('returns plain numbers, sorted, for a keyword with single ports (the list path)', () => {
		const parsed = parsePortSpec('top1000,65535,1,80');
		assert.ok(parsed.ok);
		assert.equal(parsed.ports.length, new Set([...top1000, 65535, 1, 80]).size);
		assert.ok(Array.isArray(parsed.ports));
		assert.equal(typeof parsed.ports[0], 'number');
		assert.ok(parsed.ports.every((value, i) => i === 0 || parsed.ports[i - 1]! < value));
	});
});

import assert from 'node:assert/strict';
import {isIPv6} from 'node:net';
import {test} from 'node:test';
import fc from 'fast-check';
import {formatIPv4, formatIPv6} from '../../../source/sources/procfs/format-address.js';

const bytes = (hex: string) =>
	Array.from({length: hex.length / 2}, (_, i) => Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16));

test('IPv4 dotted', () => {
	assert.equal(formatIPv4([192, 168, 0, 1]), '192.168.0.1');
	assert.equal(formatIPv4([0, 0, 0, 0]), '0.0.0.0');
});

test('IPv6 RFC 5952 examples', () => {
	const cases: [string, string][] = [
		['00000000000000000000000000000000', '::'],
		['00000000000000000000000000000001', '::1'],
		['10000000000000000000000000000000', '1000::'],
		['fe800000000000000000000000000001', 'fe80::1'],
		['20010db8000000000001000000000001', '2001:db8::1:0:0:1'], // equal runs: the first one
		['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'], // a lone zero stays
		['20010db8000000000000000100000000', '2001:db8::1:0:0'], // longest run wins
		['20010DB8ABCD00EF0000000000000000', '2001:db8:abcd:ef::'],
		['00000000000000000000ffffc0a80001', '::ffff:192.168.0.1'],
		['00000000000000000000ffff00000000', '::ffff:0.0.0.0'],
		['0000000000000000000000000a000001', '::a00:1'], // IPv4-compatible (deprecated): plain hex
	];
	for (const [hex, text] of cases) assert.equal(formatIPv6(bytes(hex)), text, hex);
});

test('IPv6 agrees with the WHATWG URL serializer (also RFC 5952) outside IPv4-mapped', () => {
	// Bias towards zero groups so that compression choices get exercised.
	const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({min: 0, max: 0xffff}));
	fc.assert(
		fc.property(fc.array(group, {minLength: 8, maxLength: 8}), (groups) => {
			const raw = groups.flatMap((g) => [g >> 8, g & 0xff]);
			const text = formatIPv6(raw);
			assert.ok(isIPv6(text), text);
			if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return;
			const hex = groups.map((g) => g.toString(16)).join(':');
			assert.equal(text, new URL(`http://[${hex}]/`).hostname.slice(1, -1));
		}),
		{numRuns: 2000},
	);
});

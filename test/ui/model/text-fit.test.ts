import assert from 'node:assert/strict';
import {describe, it, test} from 'node:test';
import fc from 'fast-check';
import stringWidth from 'string-width';
import {
	fitSegments,
	fitText,
	NARROW_GLYPHS,
	type Segment,
	shortenAtBoundary,
	textWidth,
} from '../../../source/ui/model/text-fit.js';

describe('shortenAtBoundary', () => {
	it('keeps whole words', () => {
		assert.equal(shortenAtBoundary('run with sudo to see their owners', 20), 'run with sudo to…');
		assert.equal(shortenAtBoundary('run with sudo', 13), 'run with sudo');
		assert.equal(shortenAtBoundary('run with sudo', 12), 'run with…');
	});

	it('cuts a host name at a dot or dash, and a single word only when it has to', () => {
		assert.equal(shortenAtBoundary('ip-10-0-0-5.eu-west-1.compute.internal', 20), 'ip-10-0-0-5.eu-west…');
		assert.equal(shortenAtBoundary('abcdefghij', 5, '~'), 'abcd~');
	});

	it('never returns more than asked', () => {
		fc.assert(
			fc.property(fc.string({maxLength: 60}), fc.integer({min: 0, max: 70}), (text, max) => {
				assert.ok(textWidth(shortenAtBoundary(text, max)) <= Math.max(max, 0) || textWidth(text) <= max);
			}),
		);
	});
});

describe('fitSegments', () => {
	const counts: Segment[] = [
		{forms: ['listening 4', 'listen 4'], rank: 3},
		{forms: ['established 1', 'estab 1'], rank: 3},
		{forms: ['other 1'], rank: 2},
		{
			forms: [
				'unattributed 2 (run with sudo to see their owners)',
				'unattributed 2 (sudo shows owners)',
				'unattributed 2',
			],
			rank: 1,
		},
	];

	it('keeps every long form when they fit', () => {
		assert.deepEqual(
			fitSegments(counts, 200),
			counts.map((s) => s.forms[0]),
		);
	});

	it('shortens the lowest rank first, never cutting a word', () => {
		assert.deepEqual(fitSegments(counts, 80), [
			'listening 4',
			'established 1',
			'other 1',
			'unattributed 2 (sudo shows owners)',
		]);
		assert.deepEqual(fitSegments(counts, 60), ['listening 4', 'established 1', 'other 1', 'unattributed 2']);
		assert.deepEqual(fitSegments(counts, 42), ['listen 4', 'estab 1', 'other 1', 'unattributed 2']);
		// Past the shortest forms: the last part is dropped rather than cut inside a word.
		assert.deepEqual(fitSegments(counts, 40), ['listen 4', 'estab 1', 'other 1', '']);
	});

	it('drops a segment whose last form is empty before cutting anything', () => {
		const parts: Segment[] = [
			{forms: ['Connections (500)'], rank: 9},
			{forms: ['rows 1-11 of 500', ''], rank: 0},
			{forms: ['sort: age ▼'], rank: 2},
		];
		assert.deepEqual(fitSegments(parts, 32), ['Connections (500)', '', 'sort: age ▼']);
	});

	it('always fits, cutting only at word boundaries when the shortest forms are too wide', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						forms: fc.array(fc.stringMatching(/^[a-z]{1,8}( [a-z]{1,8}){0,4}$/), {
							minLength: 1,
							maxLength: 3,
						}),
						rank: fc.integer({min: 0, max: 5}),
					}),
					{maxLength: 6},
				),
				fc.integer({min: 0, max: 80}),
				(segments, size) => {
					const parts = fitSegments(segments, size);
					const shown = parts.filter(Boolean);
					const total =
						shown.reduce((sum, part) => sum + textWidth(part), 0) + 2 * Math.max(0, shown.length - 1);
					assert.ok(total <= size, `${JSON.stringify(parts)} in ${size}`);
					parts.forEach((part, i) => {
						if (part === '' || segments[i]!.forms.includes(part)) return;
						// A cut part is whole words of one of its forms, then the ellipsis.
						const kept = part.slice(0, -1);
						assert.ok(part.endsWith('…'));
						assert.ok(
							segments[i]!.forms.some((form) => form.startsWith(kept) && form[kept.length] === ' '),
							`${part} cut mid-word from ${JSON.stringify(segments[i]!.forms)}`,
						);
					});
				},
			),
		);
	});
});

describe('fitText', () => {
	it('uses the ellipsis it is given', () => {
		assert.equal(fitText('systemd-resolved', 8, 'left', false, '~'), 'systemd~');
		assert.equal(fitText('2001:db8::1234:443', 9, 'left', true, '~'), '2001~:443');
	});
});

test('every glyph measured by its length is one cell wide for string-width too', () => {
	for (const glyph of NARROW_GLYPHS) {
		assert.equal(glyph.length, 1, glyph);
		assert.equal(stringWidth(glyph), 1, glyph);
		assert.equal(textWidth(`a${glyph}b`), stringWidth(`a${glyph}b`), glyph);
	}
	// Outside the set, string-width still decides (wide, zero-width, emoji).
	assert.equal(textWidth('日本'), 4);
	assert.equal(textWidth('e\u0301'), 1);
	assert.equal(fitText('日本語', 4), '日… ');
});

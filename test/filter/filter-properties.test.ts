import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {parseFilter} from '../../source/filter/filter.js';
import {tokenize} from '../../source/filter/tokenize.js';
import {STATES} from '../../source/model/socket-record.js';
import {normalizeState} from '../../source/model/states.js';
import {rec} from '../helpers/records.js';

// Property tests of the filter's tokenizer and the fields whose parsing changed:
// quoting, port lists, state names.

const wordChar = fc.constantFrom(...'abcXYZ019:.-_/%[]*'.split(''));
const word = fc.string({unit: wordChar, minLength: 1, maxLength: 12}).filter((w) => !w.startsWith('!'));

describe('filter tokenizer (properties)', () => {
	it('splits plain words on any whitespace; a field colon is the first colon', () => {
		fc.assert(
			fc.property(
				fc.array(word, {minLength: 1, maxLength: 6}),
				fc.constantFrom(' ', '  ', '\t', ' \n '),
				(words, gap) => {
					const result = tokenize(words.join(gap));
					assert.ok(result.ok);
					assert.deepEqual(
						result.tokens,
						words.map((text) => ({text, fieldColon: text.indexOf(':'), negated: false})),
					);
				},
			),
		);
	});

	it('a quoted run is one word with no field, whatever it holds', () => {
		const inside = fc.string({unit: fc.constantFrom(..."ab :!\t'x1".split('')), minLength: 1, maxLength: 15});
		fc.assert(
			fc.property(inside, fc.boolean(), (text, negate) => {
				const result = tokenize(`${negate ? '!' : ''}"${text}"`);
				assert.ok(result.ok);
				assert.deepEqual(result.tokens, [{text, fieldColon: -1, negated: negate}]);
			}),
		);
	});

	it('an odd number of double quotes (and no single ones) is an unterminated quote', () => {
		const part = fc.string({unit: fc.constantFrom(...'ab :x1 '.split('')), maxLength: 6});
		fc.assert(
			fc.property(
				fc.array(part, {minLength: 2, maxLength: 8}).filter((parts) => parts.length % 2 === 0),
				(parts) => {
					const result = parseFilter(parts.join('"'));
					assert.equal(result.ok, false);
					if (!result.ok)
						assert.match(result.error, /^unterminated quote: the " at character \d+ is never closed$/);
				},
			),
		);
	});

	it('two or more leading ! are an error, one negates', () => {
		fc.assert(
			fc.property(fc.integer({min: 2, max: 5}), word, (bangs, text) => {
				const result = parseFilter(`${'!'.repeat(bangs)}${text.replace(/:/g, '')}x`);
				assert.equal(result.ok, false);
			}),
		);
	});
});

describe('filter fields (properties)', () => {
	const range = fc
		.tuple(fc.nat(65535), fc.nat(65535))
		.map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);

	it('port:LIST matches exactly the ports inside one of its ranges or ports', () => {
		fc.assert(
			fc.property(fc.array(range, {minLength: 1, maxLength: 5}), fc.nat(65535), (ranges, port) => {
				const list = ranges.map(([low, high]) => (low === high ? `${low}` : `${low}-${high}`)).join(',');
				const result = parseFilter(`lport:${list}`);
				assert.ok(result.ok, list);
				const inside = ranges.some(([low, high]) => port >= low && port <= high);
				assert.equal(result.predicate(rec({localPort: port})), inside);
			}),
		);
	});

	it('state: takes every state name and prefix in any case, and nothing unknown', () => {
		const spelled = fc
			.tuple(fc.constantFrom(...STATES), fc.nat(20), fc.boolean())
			.map(([state, cut, lower]) => {
				const prefix = state.slice(0, 1 + (cut % state.length)).replace(/_/g, '-');
				return lower ? prefix.toLowerCase() : prefix;
			});
		fc.assert(fc.property(spelled, (value) => assert.ok(parseFilter(`state:${value}`).ok, value)));
		fc.assert(
			fc.property(fc.stringMatching(/^[a-z][a-z_-]{0,9}$/), (value) => {
				const wanted = value.toUpperCase().replace(/-/g, '_');
				const known = STATES.some((state) => state.startsWith(wanted)) || normalizeState(value) !== null;
				const result = parseFilter(`state:${value}`);
				assert.equal(result.ok, known, value);
				if (!result.ok) assert.match(result.error, /^state: unknown state "/);
			}),
		);
	});
});

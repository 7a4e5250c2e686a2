import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {parsePortSpec} from '../../source/scan/port-spec.js';
import {top100, top1000} from '../../source/scan/top-ports.js';

const ports = (spec: string) => {
	const result = parsePortSpec(spec);
	assert.ok(result.ok, `expected ${JSON.stringify(spec)} to parse: ${result.ok ? '' : result.error}`);
	return result.ports;
};
const error = (spec: string) => {
	const result = parsePortSpec(spec);
	assert.equal(result.ok, false, `expected ${JSON.stringify(spec.slice(0, 50))} to be rejected`);
	return result.ok ? '' : result.error;
};
const sorted = (list: readonly number[]) => [...list].sort((a, b) => a - b);

describe('parsePortSpec', () => {
	it('reads lists and ranges into sorted unique ports', () => {
		assert.deepEqual(ports('22,80,8000-8003'), [22, 80, 8000, 8001, 8002, 8003]);
		assert.deepEqual(ports(' 443 , 22,22, 80 '), [22, 80, 443]);
		assert.deepEqual(ports('10-12,11-13'), [10, 11, 12, 13]);
		assert.deepEqual(ports('5-5'), [5]);
		assert.deepEqual(ports('1'), [1]);
		assert.deepEqual(ports('65535'), [65535]);
		assert.deepEqual(ports('065535'), [65535]);
	});

	it('knows top100, top1000 and all, also inside lists and in any case', () => {
		assert.deepEqual(ports('top100'), sorted(top100));
		assert.deepEqual(ports('top1000'), sorted(top1000));
		assert.deepEqual(ports('TOP100'), sorted(top100));
		const all = ports('all');
		assert.equal(all.length, 65535);
		assert.equal(all[0], 1);
		assert.equal(all.at(-1), 65535);
		assert.deepEqual(ports('top100,60000'), sorted([...top100, 60000]));
	});

	it('rejects port 0, ports past 65535, reversed ranges, empty lists and garbage', () => {
		assert.match(error('0'), /port 0/);
		assert.match(error('22,0'), /port 0/);
		assert.match(error('0-10'), /port 0/);
		assert.match(error('65536'), /out of range/);
		assert.match(error('1-70000'), /out of range/);
		assert.match(error('99999999999999999999999'), /out of range/);
		assert.match(error('100-20'), /reversed/);
		assert.match(error(''), /empty/);
		assert.match(error('   '), /empty/);
		assert.match(error('22,,80'), /empty item/);
		assert.match(error('22,'), /empty item/);
		for (const bad of [
			'abc',
			'-',
			'-5',
			'5-',
			'1-2-3',
			'22;80',
			'0x50',
			'1e3',
			'２２',
			'22 80',
			'top',
			'8O',
			'+1',
			'1.5',
		])
			assert.match(error(bad), /invalid|empty/, bad);
	});

	it('keeps error messages to one short line whatever the input', () => {
		const huge = 'x'.repeat(10_000);
		const message = error(huge);
		assert.ok(message.length < 100, message);
		assert.ok(!/[\n\r\u001b]/.test(error('\u001b[31mred\n')), 'control characters are escaped');
	});

	it('never throws: regex metacharacters, unicode, 10 KB strings', () => {
		for (const nasty of [
			'.*',
			'(a+)+$',
			'[',
			'\\',
			'$^',
			'\u0000',
			'🙂',
			'ü-ß',
			`${'1,'.repeat(5000)}1`,
			`${'1-65535,'.repeat(1250)}1`,
		])
			assert.doesNotThrow(() => parsePortSpec(nasty));
		assert.equal(ports(`${'1,'.repeat(5000)}1`).length, 1);
		fc.assert(
			fc.property(fc.string({unit: 'binary', maxLength: 200}), (text) => {
				const result = parsePortSpec(text);
				if (result.ok) for (const port of result.ports) assert.ok(port >= 1 && port <= 65535, 'in range');
			}),
			{numRuns: 500},
		);
		fc.assert(
			fc.property(
				fc.array(fc.oneof(fc.integer({min: 1, max: 65535}), fc.constantFrom(',', '-', ' ')), {maxLength: 40}),
				(parts) => {
					assert.doesNotThrow(() => parsePortSpec(parts.join('')));
				},
			),
			{numRuns: 500},
		);
	});
});

describe('top ports', () => {
	it('top1000 is 1000 distinct valid ports and top100 its first 100', () => {
		assert.equal(top1000.length, 1000);
		assert.equal(new Set(top1000).size, 1000);
		assert.deepEqual(top100, top1000.slice(0, 100));
		for (const port of top1000) assert.ok(Number.isInteger(port) && port >= 1 && port <= 65535, String(port));
		for (const port of [22, 80, 443, 3306, 5432, 6379, 8080]) assert.ok(top100.includes(port), String(port));
	});
});

// Dispatch, and properties every parser keeps whatever it is fed.
import assert from 'node:assert/strict';
import {isIP} from 'node:net';
import {describe, test} from 'node:test';
import fc from 'fast-check';
import {type SocketRecord, STATES} from '../../../source/model/socket-record.js';
import {parseLinuxNetstat} from '../../../source/sources/netstat/parse-linux.js';
import {parseNetstat} from '../../../source/sources/netstat/parse-netstat.js';
import {fixture} from './fixture.js';

const FIXTURES: ReadonlyArray<[NodeJS.Platform, string]> = [
	['linux', 'linux/tunapWe-root.txt'],
	['linux', 'linux/tunapWe-nonroot.txt'],
	['darwin', 'darwin/anvW-process-pid.txt'],
	['darwin', 'darwin/anv-pid-epid.txt'],
	['freebsd', 'freebsd/an-freebsd12.txt'],
	['win32', 'windows/ano-de.txt'],
	['win32', 'windows/ano-en.txt'],
];

function assertWellFormed(record: SocketRecord): void {
	assert.ok(record.proto === 'tcp' || record.proto === 'udp');
	assert.ok(record.family === 4 || record.family === 6);
	assert.equal(isIP(record.localAddress), record.family);
	assert.ok(Number.isInteger(record.localPort) && record.localPort >= 0 && record.localPort <= 65535);
	assert.equal(record.remoteAddress === null, record.remotePort === null || record.remoteAddress === null);
	if (record.remoteAddress !== null) assert.notEqual(isIP(record.remoteAddress), 0);
	if (record.remotePort !== null)
		assert.ok(Number.isInteger(record.remotePort) && record.remotePort <= 65535);
	assert.ok(STATES.includes(record.state));
	if (record.proto === 'udp') assert.ok(record.state === 'UNCONN' || record.state === 'ESTABLISHED');
	assert.equal(record.process === null, record.owners.length === 0);
}

describe('parseNetstat', () => {
	test('dispatches on the platform', () => {
		const text = fixture('linux/tunapWe-root.txt');
		assert.deepEqual(parseNetstat('linux', text), parseLinuxNetstat(text));
	});

	test('an unknown platform gives a warning, not an exception', () => {
		const parse = parseNetstat('aix', 'tcp 0 0 *.22 *.* LISTEN');
		assert.deepEqual(parse.records, []);
		assert.equal(parse.warnings.length, 1);
	});

	test('every record from every fixture is well formed', () => {
		for (const [platform, path] of FIXTURES) {
			for (const record of parseNetstat(platform, fixture(path)).records) assertWellFormed(record);
		}
	});
});

describe('parsers on arbitrary input', () => {
	const platforms = fc.constantFrom<NodeJS.Platform>('linux', 'darwin', 'freebsd', 'win32');

	test('never throw, and whatever they return is well formed', () => {
		fc.assert(
			fc.property(platforms, fc.string({unit: 'binary', maxLength: 300}), (platform, text) => {
				const parse = parseNetstat(platform, text);
				for (const record of parse.records) assertWellFormed(record);
				assert.ok(parse.skipped >= 0 && parse.unattributed >= 0);
			}),
			{numRuns: 400},
		);
	});

	test('junk lines mixed into real output are skipped and every real line is kept', () => {
		// Junk here never starts like a table row or a section heading.
		const junk = fc
			.string({unit: 'binary', maxLength: 120})
			.map((line) => `#${line.replace(/[\r\n]/g, ' ')}`);
		fc.assert(
			fc.property(
				fc.constantFrom(...FIXTURES),
				fc.array(junk, {maxLength: 8}),
				fc.nat(),
				([platform, path], lines, seed) => {
					const text = fixture(path);
					const clean = parseNetstat(platform, text);
					const rows = text.split('\n');
					// Inside the socket table: between its first and last rows.
					const isRow = (row: string) => /^\s*(tcp|udp)/i.test(row);
					const first = rows.findIndex(isRow);
					const last = rows.length - 1 - [...rows].reverse().findIndex(isRow);
					rows.splice(first + 1 + (seed % Math.max(1, last - first)), 0, ...lines);
					const mixed = parseNetstat(platform, rows.join('\n'));
					assert.deepEqual(mixed.records, clean.records);
					assert.equal(mixed.skipped, clean.skipped + lines.length);
				},
			),
			{numRuns: 200},
		);
	});
});

// The hand scan of /proc/net lines (proc-net-line-scan.ts) against the regex it stands in
// for: on the real captures and on lines made from them with characters changed, dropped,
// doubled or inserted, parseProcNet gives what the regex alone gives, entry for entry, and
// counts the same skipped lines.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import fc from 'fast-check';
import {
	type ProcNetFile,
	parseProcNet,
	parseProcNetByRegex,
} from '../../../source/sources/procfs/parse-proc-net.js';

const fixture = (name: string) =>
	readFileSync(new URL(`../../fixtures/procfs/${name}`, import.meta.url), 'utf8');
const FILES: readonly [ProcNetFile, string][] = [
	['tcp', 'real-tcp.txt'],
	['tcp6', 'real-tcp6.txt'],
	['udp', 'real-udp.txt'],
	['udp6', 'real-udp6.txt'],
	['tcp', 'handmade-tcp.txt'],
	['tcp6', 'handmade-tcp6.txt'],
	['udp', 'handmade-udp.txt'],
];

test('real and handmade tables: the scan and the regex agree', () => {
	for (const [file, name] of FILES) {
		const text = fixture(name);
		assert.deepEqual(parseProcNet(text, file), parseProcNetByRegex(text, file), name);
		assert.ok(parseProcNet(text, file).entries.length > 0, name);
	}
});

test('both byte orders: the scan keys IPv4 addresses by number, the regex by text', () => {
	for (const [file, name] of FILES) {
		const text = fixture(name);
		assert.deepEqual(
			parseProcNet(text, file, {bigEndian: true}),
			parseProcNetByRegex(text, file, {bigEndian: true}),
		);
	}
});

// Characters that sit on the scan's edges: separators, digits, hex of both cases, the colon.
const EDGE = [' ', '\t', '\r', '\n', '\v', '0', '9', 'a', 'F', 'g', ':', 'x', '\u00a0', '…', ''];

test('lines changed at random: the scan and the regex agree', () => {
	const lines = FILES.flatMap(([file, name]) =>
		fixture(name)
			.split('\n')
			.filter((line) => line.trim() !== '')
			.map((line) => [file, line] as const),
	);
	fc.assert(
		fc.property(
			fc.constantFrom(...lines),
			fc.array(
				fc.record({
					at: fc.integer({min: 0, max: 9999}), // a position: spread over the line, not only its start
					edge: fc.boolean(), // or at a field's edge (where a space meets a non-space), ±1
					shift: fc.integer({min: -1, max: 1}),
					kind: fc.constantFrom('replace', 'insert', 'drop', 'double'),
					char: fc.constantFrom(...EDGE),
				}),
				{minLength: 1, maxLength: 4},
			),
			([file, line], edits) => {
				let text = line;
				for (const {at, edge, shift, kind, char} of edits) {
					const edges = [...text.matchAll(/(?<=\S)(?=\s)|(?<=\s)(?=\S)/g)].map((m) => m.index);
					const i = edge
						? Math.max(0, Math.min(text.length, edges[at % Math.max(1, edges.length)]! + shift))
						: Math.floor((at / 10_000) * (text.length + 1));
					if (kind === 'replace') text = text.slice(0, i) + char + text.slice(i + 1);
					else if (kind === 'insert') text = text.slice(0, i) + char + text.slice(i);
					else if (kind === 'drop') text = text.slice(0, i) + text.slice(i + 1);
					else text = text.slice(0, i) + text.slice(i, i + 1).repeat(2) + text.slice(i + 1);
				}
				const table = `${text}\n${line}\n`;
				assert.deepEqual(parseProcNet(table, file), parseProcNetByRegex(table, file));
			},
		),
		{numRuns: 4000, seed: 9},
	);
});

test('long numbers and long lines: the same limits as the regex', () => {
	const line = fixture('real-tcp.txt').split('\n')[1]!;
	const fields = line.trim().split(/\s+/);
	const variants = [
		fields.map((field, i) => (i === 7 ? '12345678901' : field)).join(' '), // an 11-digit uid
		fields.map((field, i) => (i === 9 ? '1234567890' : field)).join(' '), // a 10-digit inode
		fields.map((field, i) => (i === 9 ? '12345678901' : field)).join(' '), // an 11-digit inode
		`${line}${' x'.repeat(600)}`, // past 1,024 characters
		`   ${line}   `,
	];
	for (const variant of variants) {
		const table = `${variant}\n`;
		assert.deepEqual(parseProcNet(table, 'tcp'), parseProcNetByRegex(table, 'tcp'), variant);
	}
});

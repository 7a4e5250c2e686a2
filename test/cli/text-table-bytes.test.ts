// `--once` writes its plain table as bytes (text-table.ts textTableBytes): piped and all
// printable ASCII, straight into buffers; otherwise textTablePieces' text encoded. Either way
// the bytes must be exactly formatTextTable's text and a newline, as UTF-8, trailing spaces
// trimmed as trimEnd does (a user or process name may end in spaces, or be empty).
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {formatTextTable, textTableBytes} from '../../source/cli/text-table.js';
import {rec} from '../helpers/records.js';

async function bytesOf(pieces: AsyncIterable<Uint8Array>): Promise<Buffer[]> {
	const all: Buffer[] = [];
	for await (const piece of pieces) all.push(Buffer.from(piece));
	return all;
}

describe('--once table written as bytes', () => {
	it('is formatTextTable as UTF-8, piped or at any width, ASCII or not (property)', async () => {
		const ascii = fc.string({unit: fc.constantFrom(...'abcxyz-_ .:'.split('')), maxLength: 30});
		const any = fc.string({unit: fc.constantFrom(...'abc -_ 名字é\x1b…'.split('')), maxLength: 30});
		await fc.assert(
			fc.asyncProperty(
				fc.boolean(),
				fc.array(
					fc.record({
						port: fc.integer({min: 1, max: 65_535}),
						remote: fc.option(fc.integer({min: 1, max: 65_535})),
						process: fc.oneof(ascii, any),
						owned: fc.boolean(),
						user: fc.option(ascii),
						netns: fc.option(fc.integer({min: 1, max: 3})),
					}),
					{maxLength: 30},
				),
				fc.option(fc.integer({min: 10, max: 200})),
				fc.integer({min: 1, max: 400}),
				async (asciiOnly, rows, width, pieceBytes) => {
					const records = rows
						.filter((row) => !asciiOnly || /^[\x20-\x7e]*$/.test(row.process))
						.map((row, i) =>
							rec({
								localPort: row.port,
								remoteAddress: row.remote === null ? null : '127.0.0.1',
								remotePort: row.remote,
								state: row.remote === null ? 'LISTEN' : 'ESTABLISHED',
								...(row.owned ? {pid: i + 1, process: row.process} : {}),
								user: row.user,
								netns: row.netns,
							}),
						);
					const pieces = await bytesOf(textTableBytes(records, width, pieceBytes));
					const want = Buffer.from(`${await formatTextTable(records, width)}\n`, 'utf8');
					assert.ok(Buffer.concat(pieces).equals(want), `${Buffer.concat(pieces)}\n---\n${want}`);
					for (const piece of pieces) assert.equal(piece.at(-1), 10, 'a piece ends a line');
				},
			),
			{numRuns: 150},
		);
	});

	it('trims a line whose last cells end in spaces or are empty, as trimEnd does', async () => {
		const records = [
			rec({localPort: 1, pid: 1, process: 'a', user: 'bob  '}),
			rec({localPort: 2, pid: 2, process: 'long name ', user: ''}),
			rec({localPort: 3, pid: 3, process: 'x', user: ' '}),
		];
		const text = Buffer.concat(await bytesOf(textTableBytes(records))).toString('utf8');
		assert.equal(text, `${await formatTextTable(records)}\n`);
		assert.ok(
			text.split('\n').every((line) => !line.endsWith(' ')),
			'no line ends in a space',
		);
		assert.match(text, /long name$/m, 'the empty user cell leaves nothing after the name');
	});
});

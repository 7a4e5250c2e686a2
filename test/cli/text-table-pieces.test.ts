// `--once` writes its plain table a piece at a time (text-table.ts textTablePieces): the
// same bytes as the one string it used to write, in bounded pieces, and a full pipe is
// waited for rather than buffered whole.
import assert from 'node:assert/strict';
import {Writable} from 'node:stream';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {runOnce} from '../../source/cli/run-once.js';
import {formatTextTable, textTablePieces} from '../../source/cli/text-table.js';
import {capture} from '../helpers/capture.js';
import {FakeSource} from '../helpers/fake-source.js';
import {loopbackConnections, rec} from '../helpers/records.js';

async function joined(pieces: AsyncIterable<string>): Promise<string[]> {
	const all: string[] = [];
	for await (const piece of pieces) all.push(piece);
	return all;
}

/** A stream that takes `highWaterMark` bytes, then asks to wait until it is read (a slow pipe reader). */
function slowReader() {
	const chunks: Buffer[] = [];
	const stream = new Writable({
		highWaterMark: 16 * 1024,
		write(chunk: Buffer, _encoding, done) {
			chunks.push(chunk);
			setTimeout(done, 1);
		},
	});
	return {stream, writes: () => chunks.length, text: () => Buffer.concat(chunks).toString('utf8')};
}

describe('--once table written in pieces', () => {
	it('joins to exactly the table formatTextTable makes, at any width and piece size (property)', async () => {
		const name = fc.string({unit: fc.constantFrom(...'abcxyz-_ 名字é\x1b'.split('')), maxLength: 40});
		await fc.assert(
			fc.asyncProperty(
				fc.array(
					fc.record({
						port: fc.integer({min: 1, max: 65_535}),
						process: name,
						netns: fc.option(fc.integer({min: 1, max: 3})),
					}),
					{maxLength: 30},
				),
				fc.option(fc.integer({min: 10, max: 200})),
				fc.integer({min: 1, max: 400}),
				async (rows, width, pieceChars) => {
					const records = rows.map((row, i) =>
						rec({localPort: row.port, pid: i + 1, process: row.process, netns: row.netns}),
					);
					const pieces = await joined(textTablePieces(records, width, pieceChars));
					assert.equal(pieces.join(''), `${await formatTextTable(records, width)}\n`);
					for (const piece of pieces) assert.ok(piece.endsWith('\n'), 'a piece ends a line');
				},
			),
			{numRuns: 60},
		);
	});

	it('a big table goes out in pieces of about 64 KiB, not as one string', async () => {
		const records = loopbackConnections(3000);
		const pieces = await joined(textTablePieces(records));
		assert.ok(pieces.length > 1, `${pieces.length} piece(s)`);
		for (const piece of pieces.slice(0, -1)) assert.ok(piece.length >= 64 * 1024 && piece.length < 65 * 1024);
	});

	it('--once waits for a slow reader and delivers every line, in several writes', async () => {
		const records = loopbackConnections(3000);
		const out = slowReader();
		const err = capture();
		const code = await runOnce(
			new FakeSource([{records}]),
			{json: false, filter: '', timeoutMs: 5000},
			{stdout: out.stream, stderr: err.stream},
		);
		assert.equal(code, 0);
		assert.ok(out.writes() > 1, `${out.writes()} write(s)`);
		const lines = out.text().split('\n');
		assert.equal(lines.length, 3000 + 2, 'header, one line per socket, and the final newline');
		assert.equal(lines.at(-1), '');
	});
});

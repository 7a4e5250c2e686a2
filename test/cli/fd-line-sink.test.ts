// The scan's results written to a descriptor (source/cli/fd-line-sink.ts): every byte in
// order through short writes, quiet after EPIPE, and the stream taking over, from the first
// byte not written, when the descriptor says EAGAIN.
import assert from 'node:assert/strict';
import {closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {describe, it} from 'node:test';
import {createFdLineSink} from '../../source/cli/fd-line-sink.js';
import {surelyNotTerminal} from '../../source/cli/scan-stdio.js';

type Write = typeof writeSync;

/** A descriptor that takes at most `most` bytes a call, then fails with `failWith` once `budget` bytes are in. */
function fakeFd(most: number, budget = Number.POSITIVE_INFINITY, failWith = 'EAGAIN') {
	const taken: Buffer[] = [];
	let total = 0;
	const write = ((_fd: number, buffer: Buffer, offset: number, length: number) => {
		if (total >= budget) throw Object.assign(new Error(failWith), {code: failWith});
		const n = Math.min(most, length, budget - total);
		taken.push(Buffer.from(buffer.subarray(offset, offset + n)));
		total += n;
		return n;
	}) as unknown as Write;
	return {write, bytes: () => Buffer.concat(taken)};
}

/** A stream that records what it was given. */
function recorder() {
	const stream = new PassThrough();
	const chunks: Buffer[] = [];
	stream.on('data', (chunk: Buffer) => chunks.push(chunk));
	return {stream, bytes: () => Buffer.concat(chunks)};
}

const lines = (count: number) => Array.from({length: count}, (_, i) => `ligne ${i} — ✓ port ${i}`);

describe('createFdLineSink', () => {
	it('writes every line in order through short writes, and never makes the stream', async () => {
		const fd = fakeFd(7);
		let made = 0;
		const sink = createFdLineSink(
			1,
			() => {
				made++;
				return recorder().stream;
			},
			fd.write,
		);
		for (const line of lines(5000)) await sink.line(line);
		await sink.flush();
		assert.equal(fd.bytes().toString('utf8'), `${lines(5000).join('\n')}\n`);
		assert.equal(made, 0);
		assert.equal(sink.closed, false);
	});

	it('goes quiet after EPIPE: no error, closed, later lines dropped', async () => {
		const fd = fakeFd(1000, 100, 'EPIPE');
		const sink = createFdLineSink(1, () => recorder().stream, fd.write);
		for (const line of lines(5000)) await sink.line(line);
		await sink.flush();
		assert.equal(sink.closed, true);
		assert.equal(fd.bytes().length, 100);
	});

	it('hands the rest to the stream on EAGAIN, from the first byte not written (a character cut in two included)', async () => {
		const all = Buffer.from(`${lines(5000).join('\n')}\n`, 'utf8');
		// Cut inside a three-byte character: the first '✓' starts at its line's byte 10.
		const cut = all.indexOf(Buffer.from('✓')) + 1;
		const fd = fakeFd(4096, cut);
		const out = recorder();
		let made = 0;
		const sink = createFdLineSink(
			1,
			() => {
				made++;
				return out.stream;
			},
			fd.write,
		);
		for (const line of lines(5000)) await sink.line(line);
		await sink.flush();
		await new Promise((resolve) => setImmediate(resolve));
		assert.equal(made, 1);
		assert.equal(fd.bytes().length, cut);
		assert.ok(Buffer.concat([fd.bytes(), out.bytes()]).equals(all), 'the bytes, once each, in order');
		assert.equal(sink.closed, false);
	});
});

describe('surelyNotTerminal', () => {
	it('is true for a file and /dev/null', (t) => {
		const dir = mkdtempSync(join(tmpdir(), 'scx-fd-sink-'));
		t.after(() => rmSync(dir, {recursive: true, force: true}));
		const file = openSync(join(dir, 'out'), 'w');
		const devNull = openSync('/dev/null', 'w');
		t.after(() => {
			closeSync(file);
			closeSync(devNull);
		});
		assert.equal(surelyNotTerminal(file), true);
		assert.equal(surelyNotTerminal(devNull), true);
		writeSync(file, 'x');
		assert.equal(readFileSync(join(dir, 'out'), 'utf8'), 'x');
	});

	it('is false for a descriptor it cannot look at (the caller asks the stream then)', () => {
		assert.equal(surelyNotTerminal(987_654), false);
	});
});

import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {createEventLog, type LogFs, systemLogFs} from '../../source/os/event-log.js';

function tempFile(t: {after: (fn: () => void) => void}): string {
	const dir = mkdtempSync(join(tmpdir(), 'shi-log-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	return join(dir, 'events.ndjson');
}

const line = (n: number) => JSON.stringify({event: 'open', n, pad: 'x'.repeat(40)});

describe('--log writer', () => {
	it('rotates FILE to FILE.1 when the next line would pass the size, each file at most that size', async (t) => {
		const path = tempFile(t);
		const errors: string[] = [];
		const log = createEventLog({path, maxBytes: 500, onError: (m) => errors.push(m)});
		for (let n = 0; n < 25; n++) log.write(line(n));
		await log.drained();
		const current = readFileSync(path, 'utf8');
		const older = readFileSync(`${path}.1`, 'utf8');
		assert.ok(Buffer.byteLength(current) <= 500, `FILE is ${Buffer.byteLength(current)} bytes`);
		assert.ok(Buffer.byteLength(older) <= 500);
		const numbers = `${older}${current}`
			.trim()
			.split('\n')
			.map((text) => (JSON.parse(text) as {n: number}).n);
		// Only the two newest files are kept: the newest lines, in order, with no gap.
		assert.equal(numbers.at(-1), 24);
		assert.deepEqual(
			numbers,
			numbers.map((_, i) => numbers[0]! + i),
		);
		// FILE.1 was rotated because one more line would not have fitted: it was full.
		assert.ok(Buffer.byteLength(older) + Buffer.byteLength(`${line(0)}\n`) > 500);
		assert.ok(numbers.length > older.split('\n').length - 1, `kept ${numbers.length} lines`);
		assert.deepEqual(errors, []);
	});

	it('a first poll of 20,000 sockets goes out in a few appends of bounded size, every line once', async (t) => {
		const path = tempFile(t);
		const appends: number[] = [];
		const fs: LogFs = {
			...systemLogFs,
			appendFile: async (file, text) => {
				appends.push(Buffer.byteLength(text));
				await systemLogFs.appendFile(file, text);
			},
		};
		const log = createEventLog({path, maxBytes: 100 * 1024 * 1024, onError: () => {}, fs});
		for (let n = 0; n < 20_000; n++) log.write(line(n));
		await log.drained();
		const lines = readFileSync(path, 'utf8').trim().split('\n');
		assert.equal(lines.length, 20_000);
		assert.equal((JSON.parse(lines.at(-1)!) as {n: number}).n, 19_999);
		assert.ok(appends.length > 1 && appends.length < 100, `${appends.length} appends`);
		assert.ok(Math.max(...appends) < 512 * 1024, `largest append ${Math.max(...appends)} bytes`);
	});

	it('appends to an existing log and counts its size', async (t) => {
		const path = tempFile(t);
		const first = createEventLog({path, maxBytes: 10_000, onError: () => {}});
		first.write(line(1));
		await first.drained();
		const second = createEventLog({path, maxBytes: 10_000, onError: () => {}});
		second.write(line(2));
		await second.drained();
		assert.equal(readFileSync(path, 'utf8').trim().split('\n').length, 2);
		assert.equal(existsSync(`${path}.1`), false);
	});

	it('never waits for a slow disk: a full queue drops lines and the log says how many', async () => {
		const written: string[] = [];
		let release: () => void = () => {};
		const gate = new Promise<void>((resolve) => {
			release = resolve;
		});
		let calls = 0;
		const slow: LogFs = {
			...systemLogFs,
			size: async () => 0,
			appendFile: async (_path, data) => {
				if (calls++ === 0) await gate; // the first write hangs until released
				written.push(data);
			},
		};
		const log = createEventLog({path: '/unused', fs: slow, maxQueue: 5, onError: () => {}, now: () => 0});
		for (let n = 0; n < 20; n++) log.write(line(n)); // returns at once every time
		await new Promise((resolve) => setImmediate(resolve));
		// Line 0 is being written; 1-5 wait; 6-19 do not fit.
		assert.equal(log.dropped(), 14);
		release();
		await log.drained();
		const lines = written.join('').trim().split('\n');
		assert.deepEqual(JSON.parse(lines[1]!), {event: 'dropped', time: '1970-01-01T00:00:00.000Z', count: 14});
		assert.equal(lines.length, 7);
	});

	it('reports a write error once, then drops quietly', async (t) => {
		const dir = tempFile(t).replace(/events\.ndjson$/, '');
		const errors: string[] = [];
		const log = createEventLog({path: dir, onError: (m) => errors.push(m)});
		log.write(line(1));
		await log.drained();
		log.write(line(2));
		log.write(line(3));
		await log.drained();
		assert.equal(errors.length, 1);
		assert.match(errors[0]!, /EISDIR/);
		assert.equal(log.dropped(), 3);
	});
});

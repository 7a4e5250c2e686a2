import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
	bytesOutsideMalloc,
	concatOutsideMalloc,
	OUTSIDE_MALLOC_FROM,
} from '../../source/sources/bytes-outside-malloc.js';
import {readBufferSize, releaseReadBuffer, reserveReadBuffer} from '../../source/sources/procfs/proc-fs.js';
import {runCommand} from '../../source/sources/run-command.js';

// A resizable ArrayBuffer is the mark of V8's own pages: Node's allocator (malloc) makes fixed ones.
const outsideMalloc = (bytes: Buffer) => (bytes.buffer as ArrayBuffer & {resizable: boolean}).resizable;

test('a big buffer is on V8 pages, of the size asked; a small one is left to malloc', () => {
	const big = bytesOutsideMalloc(3 * 1024 * 1024 + 7);
	assert.equal(big.length, 3 * 1024 * 1024 + 7);
	assert.equal(outsideMalloc(big), true);
	big.fill(0x61, 0, 10);
	big[big.length - 1] = 0x62;
	assert.equal(big.toString('latin1', 0, 10), 'aaaaaaaaaa');
	assert.equal(big[big.length - 1], 0x62);
	const small = bytesOutsideMalloc(OUTSIDE_MALLOC_FROM - 1);
	assert.equal(small.length, OUTSIDE_MALLOC_FROM - 1);
	assert.equal(outsideMalloc(small), false);
});

test('concatOutsideMalloc joins as Buffer.concat does, outside malloc when big', () => {
	const chunks = Array.from({length: 5}, (_, i) => Buffer.alloc(40_000, 0x30 + i));
	const joined = concatOutsideMalloc(chunks);
	assert.deepEqual(joined, Buffer.concat(chunks));
	assert.equal(outsideMalloc(joined), true);
	const few = concatOutsideMalloc([Buffer.from('ab'), Buffer.from('c')]);
	assert.equal(few.toString(), 'abc');
	assert.equal(outsideMalloc(few), false);
	assert.equal(concatOutsideMalloc([]).length, 0);
});

test('runCommand: a big output is whole, a character split between two pipe reads included', async () => {
	// 300,000 bytes: several 64 KiB pipe reads; the 'é' (2 bytes) lands where the reads split it.
	const script = "process.stdout.write('x'.repeat(65535) + 'é' + 'y'.repeat(234462))";
	const {stdout, code} = await runCommand(process.execPath, ['-e', script], {
		signal: new AbortController().signal,
	});
	assert.equal(code, 0);
	assert.equal(stdout.length, 65535 + 1 + 234462);
	assert.equal(stdout[65535], 'é');
	assert.equal(stdout.at(-1), 'y');
});

test('the /proc read buffer is reserved at the size asked (through bytesOutsideMalloc) and let go', () => {
	releaseReadBuffer();
	reserveReadBuffer(3_600_000);
	assert.equal(readBufferSize(), 3_600_000);
	releaseReadBuffer();
	assert.equal(readBufferSize(), 0);
});

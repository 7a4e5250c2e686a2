// Big byte buffers that glibc's malloc never sees. Why (docs/memory.md, 2026-12-01 04:00):
// glibc raises its mmap threshold to the size of every mmapped chunk that is freed (up to
// 32 MB) and its trim threshold to twice that, so after the dashboard at 10,000 connections
// let go of one 3.6 MB /proc read buffer and one 9.4 MB `ss` output (Buffer.concat), free
// memory under 18.8 MB at the top of any malloc heap was never handed back: malloc_info showed
// 21 MB free of 25.5 MB held (the main heap 10.5 of 14.7 MB, each V8 worker's arena ≈ 3 of
// 3 MB), and a `malloc_trim(0)` from gdb took VmRSS from 116.6 to 105.2 MB.
//
// A resizable ArrayBuffer is reserved and committed by V8 itself (mmap, then mprotect), as a
// WebAssembly memory is, not through Node's allocator (calloc): made and let go, it moves no
// malloc threshold. Measured with node 20.20.2 under strace: `new ArrayBuffer(1 MB,
// {maxByteLength: 64 MB})` is one 64 MB PROT_NONE mmap and an mprotect of what is used.

/** Below this a buffer is left to malloc: its mmap threshold starts at 128 KiB, and a smaller chunk moves nothing. */
export const OUTSIDE_MALLOC_FROM = 128 * 1024;

type ResizableArrayBufferConstructor = new (bytes: number, options: {maxByteLength: number}) => ArrayBuffer;

/** `bytes` bytes (not zeroed by contract, zero in fact), from V8's pages when big, from malloc when small. */
export function bytesOutsideMalloc(bytes: number): Buffer {
	const size = Math.max(0, Math.ceil(bytes));
	if (size < OUTSIDE_MALLOC_FROM) return Buffer.allocUnsafe(size);
	const memory = new (ArrayBuffer as unknown as ResizableArrayBufferConstructor)(size, {maxByteLength: size});
	return Buffer.from(memory, 0, size);
}

/** CHUNKS joined (as Buffer.concat), the join outside malloc when it is big. */
export function concatOutsideMalloc(chunks: readonly Buffer[]): Buffer {
	let total = 0;
	for (const chunk of chunks) total += chunk.length;
	if (total < OUTSIDE_MALLOC_FROM) return Buffer.concat(chunks as Buffer[], total);
	const joined = bytesOutsideMalloc(total);
	let at = 0;
	for (const chunk of chunks) at += chunk.copy(joined, at);
	return joined;
}

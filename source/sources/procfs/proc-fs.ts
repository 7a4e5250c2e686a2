// The few file operations the procfs source needs, injectable so tests can run
// on a fake /proc tree and count calls.
//
// Every call is synchronous underneath (measured at 20k sockets, docs/cold-read.md):
// - the walk makes one call per fd, each a few µs in the kernel; through fs.promises each
//   also costs a promise, a pool round trip and their garbage: 20,000 readlinks took a
//   median 433 ms of CPU async (64 in flight) against 171 ms sync. The walk yields between
//   slices (process-owners.ts), so the event loop still turns.
// - a /proc/net table is read in one read() call where the buffer allows (see
//   readWholeSync: consistency under churn), at about the CPU of fs.promises.readFile.
//   `readFile` keeps a promise so a source can be given a slow fake one.
import {closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync} from 'node:fs';
import {bytesOutsideMalloc} from '../bytes-outside-malloc.js';

export interface ProcFs {
	/** UTF-8 text of a whole (possibly large) file, read on libuv's pool. */
	readFile(path: string): Promise<string>;
	readdirSync(path: string): string[];
	readlinkSync(path: string): string;
	/** UTF-8 text of a small file (/proc/<pid>/stat, comm, cmdline). */
	readFileSync(path: string): string;
}

export const nodeProcFs: ProcFs = {
	readFile: (path) => {
		try {
			return Promise.resolve(readWholeSync(path));
		} catch (error) {
			return Promise.reject(error);
		}
	},
	readdirSync: (path) => readdirSync(path),
	readlinkSync: (path) => readlinkSync(path),
	readFileSync: (path) => readFileSync(path, 'utf8'),
};

/**
 * The read buffer, kept between reads: a poll reads the same tables again. Its bytes are not
 * malloc's (bytes-outside-malloc.ts): each time it grew, the one it replaced, freed, raised
 * glibc's trim threshold (3.6 MB → 7.2 MB at 10,000 connections).
 */
let buffer: Buffer = Buffer.allocUnsafe(0);
const MIN_SIZE = 1 << 20;

/**
 * Makes room for a table of `bytes` before the first read: growing the buffer mid-read
 * copies what was read so far (1 → 2 → 4 MB for a 20,000-socket table, ≈15 % of `--once`'s
 * table reading in a profile) and splits the read in two.
 */
export function reserveReadBuffer(bytes: number): void {
	if (bytes > buffer.length) buffer = bytesOutsideMalloc(bytes);
}

/** Lets the buffer go (a one-shot read has no next read to keep it for). */
export function releaseReadBuffer(): void {
	buffer = Buffer.allocUnsafe(0);
}

/** The buffer's size now, for tests. */
export function readBufferSize(): number {
	return buffer.length;
}

/**
 * The file's text, read in as few read() calls as the buffer allows. For a /proc/net table
 * that matters beyond speed: between two calls the kernel resumes its walk of the socket
 * hash by position, so sockets opened or closed meanwhile can shift it and a socket is
 * printed twice or skipped (seen under 500 connections/s of churn). Hence one buffer with
 * room for the whole table (it grows to 1.5× the largest read so far), rather than chunks.
 */
function readWholeSync(path: string): string {
	const fd = openSync(path, 'r');
	try {
		if (buffer.length === 0) buffer = bytesOutsideMalloc(MIN_SIZE);
		let length = 0;
		for (;;) {
			if (length === buffer.length) {
				const bigger = bytesOutsideMalloc(buffer.length * 2);
				buffer.copy(bigger, 0, 0, length);
				buffer = bigger;
			}
			const read = readSync(fd, buffer, length, buffer.length - length, null);
			if (read === 0) break;
			length += read;
		}
		const text = buffer.toString('utf8', 0, length);
		if (length * 1.5 > buffer.length) buffer = bytesOutsideMalloc(length * 1.5);
		return text;
	} finally {
		closeSync(fd);
	}
}

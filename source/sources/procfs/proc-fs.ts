// The few file operations the procfs source needs, injectable so tests can run
// on a fake /proc tree and count calls.
//
// Every call is synchronous underneath (measured at 20k sockets, docs/cold-read.md):
// - the walk makes one call per fd, each a few µs in the kernel; through fs.promises each
//   also cost a promise, a pool round trip and their garbage: 20,000 readlinks took
//   ≈1.1 s of CPU async against ≈0.2 s sync. The walk yields between slices
//   (process-owners.ts), so the event loop still turns.
// - a /proc/net table has no size (stat says 0): fs.promises.readFile reads it 64 KB
//   per pool round trip and the kernel resumes its text at every one. The four tables
//   (3 MB) cost 100–250 ms of CPU that way, ≈60 ms read synchronously into one large
//   buffer. `readFile` keeps a promise so a source can be given a slow fake one.
import {closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync} from 'node:fs';

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

/** Read buffers kept between reads: a poll reads the same tables again. */
const chunks: Buffer[] = [];
const CHUNK_SIZE = 1 << 20;

/** The file's text, read in as few calls as the kernel allows, with no copy while reading. */
function readWholeSync(path: string): string {
	const fd = openSync(path, 'r');
	try {
		const filled: Buffer[] = [];
		for (let index = 0; ; index++) {
			chunks[index] ??= Buffer.allocUnsafe(CHUNK_SIZE);
			const chunk = chunks[index]!;
			let length = 0;
			for (let read = -1; read !== 0 && length < CHUNK_SIZE; length += read)
				read = readSync(fd, chunk, length, CHUNK_SIZE - length, null);
			filled.push(length === CHUNK_SIZE ? chunk : chunk.subarray(0, length));
			if (length < CHUNK_SIZE) break;
		}
		if (filled.length === 1) return filled[0]!.toString('utf8');
		return Buffer.concat(filled).toString('utf8');
	} finally {
		closeSync(fd);
	}
}

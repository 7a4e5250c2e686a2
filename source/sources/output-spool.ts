// A child's stdout into an unlinked file instead of a pipe, read back in one piece when it has
// exited (run-command.ts, `spool`). Why (docs/memory.md, 2026-12-01 04:00): each pipe read is a
// 64 KB buffer from malloc (Node's stream allocator), so the rates' `ss -tinHO` at 10,000
// connections (9.4 MB) took ≈ 150 of them; gdb's `catch syscall brk` put 84 of the dashboard's
// 220 brk calls there, and what they grew stayed: glibc's main heap held 14.7 MB, 10.5 MB of it
// free, pinned by whatever was allocated above it meanwhile. The file's bytes are read into
// V8's pages (bytes-outside-malloc.ts), and the file lives in /dev/shm (memory, no disk) when
// there is one, with no name once opened: nothing is left behind, even by a kill -9.
import {closeSync, fstatSync, openSync, readSync, statSync, unlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {bytesOutsideMalloc} from './bytes-outside-malloc.js';

export interface Spool {
	/** For the child's stdio. */
	readonly fd: number;
	/** How many bytes the child wrote. */
	size(): number;
	/** The first BYTES bytes written (fewer if the file is shorter). */
	read(bytes: number): Buffer;
	close(): void;
}

let made = 0;

const spoolDir = (): string => {
	try {
		if (statSync('/dev/shm').isDirectory()) return '/dev/shm';
	} catch {
		// no /dev/shm: the temporary directory
	}
	return tmpdir();
};

/** An unlinked file to spool into, or null where there is none to be had (Windows, a read-only tmp). */
export function openSpool(dir: string = spoolDir()): Spool | null {
	// An open file cannot be unlinked on Windows.
	if (process.platform === 'win32') return null;
	const path = join(dir, `socktop-spool-${process.pid}-${++made}-${Math.random().toString(36).slice(2)}`);
	let fd: number;
	try {
		fd = openSync(path, 'wx+', 0o600);
	} catch {
		return null;
	}
	try {
		unlinkSync(path);
	} catch {
		closeSync(fd);
		return null;
	}
	let open = true;
	return {
		fd,
		size: () => fstatSync(fd).size,
		read(bytes) {
			const buffer = bytesOutsideMalloc(bytes);
			let length = 0;
			while (length < bytes) {
				const read = readSync(fd, buffer, length, bytes - length, length);
				if (read === 0) break;
				length += read;
			}
			return length === bytes ? buffer : buffer.subarray(0, length);
		},
		close() {
			if (!open) return;
			open = false;
			closeSync(fd);
		},
	};
}

// A child's stdout into an unlinked file instead of a pipe, read back in one piece when it has
// exited (run-command.ts, `spool`). Why (docs/memory.md, 2026-12-01 04:00): each pipe read is a
// 64 KB buffer from malloc (Node's stream allocator), so the rates' `ss -tinHO` at 10,000
// connections (9.4 MB) took ≈ 150 of them; gdb's `catch syscall brk` put 84 of the dashboard's
// 220 brk calls there, and what they grew stayed: glibc's main heap held 14.7 MB, 10.5 MB of it
// free, pinned by whatever was allocated above it meanwhile. The file's bytes are read into
// V8's pages (bytes-outside-malloc.ts), and the file lives in /dev/shm (memory, no disk) when
// there is one, with no name once opened: nothing is left behind, even by a kill -9.
import {closeSync, fstatSync, openSync, readSync, statfsSync, unlinkSync} from 'node:fs';
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

/**
 * Room for NEED bytes in DIR (statfs), so that a child's output is never cut short by a full
 * file system: Docker gives a container a 64 MB /dev/shm, and `ss -tinHO` prints ≈ 0.9 KB per
 * connection (9.4 MB at 10,000). A child writing to a full file system gets ENOSPC, which `ss`
 * does not report; a pipe cannot fill up.
 */
const hasRoom = (dir: string, need: number): boolean => {
	try {
		const stats = statfsSync(dir);
		return stats.bavail * stats.bsize >= need;
	} catch {
		return false; // no such directory
	}
};

/** /dev/shm (memory, no disk) when it has room for NEED bytes, else the temporary directory when it has. */
const spoolDir = (need: number): string | null => {
	for (const dir of ['/dev/shm', tmpdir()]) if (hasRoom(dir, need)) return dir;
	return null;
};

/**
 * An unlinked file to spool up to NEED bytes into, or null where there is none to be had
 * (Windows, no directory with room, a read-only tmp): the caller then reads a pipe.
 */
export function openSpool(need: number, dir: string | null = spoolDir(need)): Spool | null {
	// An open file cannot be unlinked on Windows.
	if (process.platform === 'win32' || dir === null) return null;
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

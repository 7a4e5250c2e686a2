// One full walk of every /proc/<pid>/fd, in one go and in a compact shape that crosses a
// thread boundary without copying: `socktop --once` on a big table runs it on a worker
// thread (owner-walk-worker.ts) while this thread reads and parses the tables, the way
// process-owners.ts would run it afterwards. Each fd is one synchronous readlink (see
// proc-fs.ts); the whole walk is ≈170 ms of CPU at 20,000 sockets (docs/cold-read.md).
import type {ProcFs} from './proc-fs.js';

/**
 * Every fd of every process whose fd directory could be listed: process `i` is `pids[i]`,
 * started at `starts[i]`, and owns fds `fds[ends[i-1] .. ends[i]-1]` (`ends[-1]` = 0), whose
 * socket inodes are the same slice of `inodes` (0: not a socket, -1: its link unreadable).
 */
export interface FdWalk {
	readonly pids: Int32Array;
	readonly starts: readonly (string | null)[];
	readonly ends: Int32Array;
	readonly fds: Int32Array;
	readonly inodes: Float64Array;
	/** performance.timeOrigin + performance.now() when the walk began (comparable across threads). */
	readonly startedAt: number;
}

/** Marks an fd whose link could not be read although its directory could be listed. */
export const UNREADABLE_FD = -1;
const SOCKET_PREFIX = 'socket:[';
const PID = /^\d+$/;

type WalkFs = Pick<ProcFs, 'readdirSync' | 'readlinkSync' | 'readFileSync'>;

/**
 * Walks every process under `root` (or those `only` accepts); processes that exit or refuse
 * (EACCES) meanwhile are left out.
 */
export function walkAllFds(fs: WalkFs, root = '/proc', only?: (pid: number) => boolean): FdWalk {
	const startedAt = performance.timeOrigin + performance.now();
	const pids: number[] = [];
	const starts: (string | null)[] = [];
	const ends: number[] = [];
	let fds = new Int32Array(4096);
	let inodes = new Float64Array(4096);
	let count = 0;
	for (const name of fs.readdirSync(root)) {
		if (!PID.test(name) || (only !== undefined && !only(Number(name)))) continue;
		const dir = `${root}/${name}`;
		let names: string[];
		try {
			names = fs.readdirSync(`${dir}/fd`);
		} catch {
			continue; // another user's process, or exited
		}
		if (names.length === 0) continue; // a kernel thread
		let start: string | null = null;
		try {
			start = readStartTime(fs, dir);
		} catch {
			// exited meanwhile: its fds below fail too, and it stays unknown (start null)
		}
		if (count + names.length > fds.length) {
			const size = Math.max(fds.length * 2, count + names.length);
			const biggerFds = new Int32Array(size);
			biggerFds.set(fds.subarray(0, count));
			fds = biggerFds;
			const biggerInodes = new Float64Array(size);
			biggerInodes.set(inodes.subarray(0, count));
			inodes = biggerInodes;
		}
		const base = `${dir}/fd/`;
		for (const fdName of names) {
			let link: string;
			try {
				link = fs.readlinkSync(base + fdName);
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // closed meanwhile
				fds[count] = Number(fdName);
				inodes[count++] = UNREADABLE_FD;
				continue;
			}
			fds[count] = Number(fdName);
			inodes[count++] = link.startsWith(SOCKET_PREFIX)
				? Number(link.slice(SOCKET_PREFIX.length, -1)) || 0
				: 0;
		}
		pids.push(Number(name));
		starts.push(start);
		ends.push(count);
	}
	return {
		pids: Int32Array.from(pids),
		starts,
		ends: Int32Array.from(ends),
		fds: fds.slice(0, count),
		inodes: inodes.slice(0, count),
		startedAt,
	};
}

/** Field 22 of /proc/<pid>/stat (clock ticks after boot); null if it cannot be parsed. */
export function readStartTime(fs: Pick<ProcFs, 'readFileSync'>, dir: string): string | null {
	const stat = fs.readFileSync(`${dir}/stat`);
	// `pid (comm) state ppid …`: comm may hold spaces and parentheses, so count from the last ')'.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const start = fields[22 - 3];
	return start !== undefined && /^\d+$/.test(start) ? start : null;
}

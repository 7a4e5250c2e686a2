// One full walk of every /proc/<pid>/fd, in one go and in a compact shape that crosses a
// thread boundary without copying: `socktop --once` on a big table runs it on a worker
// thread (owner-walk-worker.ts) while this thread reads and parses the tables, the way
// process-owners.ts would run it afterwards. Each fd is one synchronous readlink (see
// proc-fs.ts); the whole walk is ≈170 ms of CPU at 20,000 sockets (docs/cold-read.md).
//
// The walk is made in two steps so that two threads can share it: first every fd directory
// is listed (`listAllFds`, cheap: one readdir per process), then the links are read in
// slices of SLICE_FDS fds (`readFdSlices`) that each thread claims from one shared counter.
// Slices, not processes: at 20,000 sockets two processes hold 10,000 fds each, so sharing by
// process would leave one thread most of the work.
import type {ProcFs} from './proc-fs.js';

/**
 * Every fd of every process whose fd directory could be listed: process `i` is `pids[i]`,
 * started at `starts[i]`, and owns fds `fds[ends[i-1] .. ends[i]-1]` (`ends[-1]` = 0), whose
 * socket inodes are the same slice of `inodes` (0: not a socket or closed meanwhile, -1: its
 * link unreadable).
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

/**
 * A walk whose fds are listed but whose links are read slice by slice: slice `s` is fds
 * `sliceEnds[s-1] .. sliceEnds[s]-1` of process `sliceOwners[s]` (an index into `pids`).
 * `control[0]` is the next slice to claim, `control[1]` the slices read so far. Made on
 * SharedArrayBuffers, every thread that has it can claim slices; `inodes` is complete once
 * `control[1]` reaches the number of slices.
 */
export interface FdListing extends FdWalk {
	readonly sliceEnds: Int32Array;
	readonly sliceOwners: Int32Array;
	readonly control: Int32Array;
}

/** Marks an fd whose link could not be read although its directory could be listed. */
export const UNREADABLE_FD = -1;
/** ≈1–2 ms of readlinks: small enough that the last slice finishes close to the other thread's. */
const SLICE_FDS = 256;
const SOCKET_PREFIX = 'socket:[';
const PID = /^\d+$/;

type WalkFs = Pick<ProcFs, 'readdirSync' | 'readlinkSync' | 'readFileSync'>;

/**
 * Walks every process under `root` (or those `only` accepts), on this thread; processes that
 * exit or refuse (EACCES) meanwhile are left out.
 */
export function walkAllFds(fs: WalkFs, root = '/proc', only?: (pid: number) => boolean): FdWalk {
	const listing = listAllFds(fs, root, only);
	readFdSlices(fs, root, listing);
	return listing;
}

/** Whether every slice of the listing has been read. */
export function fdSlicesDone(listing: FdListing): boolean {
	return Atomics.load(listing.control, 1) === listing.sliceEnds.length;
}

/**
 * Lists every fd directory and reads every process's start time: the first step of a walk.
 * `shared`: the arrays are on SharedArrayBuffers, for another thread to read slices too.
 */
export function listAllFds(
	fs: WalkFs,
	root = '/proc',
	only?: (pid: number) => boolean,
	shared = false,
): FdListing {
	const startedAt = performance.timeOrigin + performance.now();
	const pids: number[] = [];
	const starts: (string | null)[] = [];
	const ends: number[] = [];
	const fds: number[] = [];
	const sliceEnds: number[] = [];
	const sliceOwners: number[] = [];
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
		const owner = pids.length;
		for (const fdName of names) fds.push(Number(fdName));
		for (let end = fds.length - names.length + SLICE_FDS; ; end += SLICE_FDS) {
			sliceEnds.push(Math.min(end, fds.length));
			sliceOwners.push(owner);
			if (end >= fds.length) break;
		}
		pids.push(Number(name));
		starts.push(start);
		ends.push(fds.length);
	}
	const int32 = (values: readonly number[]) => {
		const array = shared
			? new Int32Array(new SharedArrayBuffer(values.length * 4))
			: new Int32Array(values.length);
		array.set(values);
		return array;
	};
	return {
		pids: int32(pids),
		starts,
		ends: int32(ends),
		fds: int32(fds),
		inodes: shared ? new Float64Array(new SharedArrayBuffer(fds.length * 8)) : new Float64Array(fds.length),
		sliceEnds: int32(sliceEnds),
		sliceOwners: int32(sliceOwners),
		control: int32([0, 0]),
		startedAt,
	};
}

/**
 * Reads the links of the slices this thread claims, until none is left: the second step of
 * a walk. Returns how many slices it read (for tests and measurements).
 */
export function readFdSlices(fs: WalkFs, root: string, listing: FdListing): number {
	const {pids, fds, inodes, sliceEnds, sliceOwners, control} = listing;
	let read = 0;
	for (;;) {
		const slice = Atomics.add(control, 0, 1);
		if (slice >= sliceEnds.length) return read;
		const base = `${root}/${pids[sliceOwners[slice]!]}/fd/`;
		for (let j = slice === 0 ? 0 : sliceEnds[slice - 1]!; j < sliceEnds[slice]!; j++) {
			let link: string;
			try {
				link = fs.readlinkSync(base + fds[j]);
			} catch (error) {
				// Closed meanwhile (ENOENT): nothing to own; anything else: unreadable.
				inodes[j] = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 0 : UNREADABLE_FD;
				continue;
			}
			inodes[j] = link.startsWith(SOCKET_PREFIX) ? Number(link.slice(SOCKET_PREFIX.length, -1)) || 0 : 0;
		}
		read++;
		// After the inodes' writes: whoever sees the count also sees them (Atomics order them).
		Atomics.add(control, 1, 1);
	}
}

/** Field 22 of /proc/<pid>/stat (clock ticks after boot); null if it cannot be parsed. */
export function readStartTime(fs: Pick<ProcFs, 'readFileSync'>, dir: string): string | null {
	const stat = fs.readFileSync(`${dir}/stat`);
	// `pid (comm) state ppid …`: comm may hold spaces and parentheses, so count from the last ')'.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const start = fields[22 - 3];
	return start !== undefined && /^\d+$/.test(start) ? start : null;
}

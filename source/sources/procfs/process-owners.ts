// Socket inode → owning processes, found through the /proc/<pid>/fd/* links
// (`socket:[12345]`). Reading those links is the expensive part of a poll, so
// there are two levels of cache:
//
// - inode → owners, the answer. A poll only walks when it sees an inode it has
//   never tried to resolve, or when the last full walk is older than `rewalkMs`.
// - per process: its start time and fd number → inode (0: not a socket), the
//   knowledge a walk builds on. A walk lists every /proc/<pid>/fd and reads each
//   /proc/<pid>/stat (cheap: one call per process), then reads only the links it
//   cannot trust (see `scan`), so one new socket among 20,000 costs a handful of
//   readlinks, not 20,000.
//
// The periodic full walk reads every link again, trusting nothing: it picks up
// what the incremental rules cannot see (an fd number closed and reused while
// its old socket lives on elsewhere, a known socket passed into a recycled fd
// number of another process) and bounds any drift to `rewalkMs`.
//
// The file calls are synchronous (see proc-fs.ts for the measurement); the walk
// gives the event loop a turn every `sliceMs` and checks its signal at every call.
import {setImmediate as nextTurn} from 'node:timers/promises';
import type {SocketOwner} from '../../model/socket-record.js';
import {collectSoon} from '../../threads/heap-trim.js';
import {type FdWalk, readStartTime, walkAllFds} from './fd-walk.js';
import {nodeProcFs, type ProcFs} from './proc-fs.js';
import {readProcessName} from './process-name.js';

export interface ProcessOwnersOptions {
	readonly root?: string;
	readonly fs?: ProcFs;
	readonly now?: () => number;
	/** A full walk (every link read again) at least this often. */
	readonly rewalkMs?: number;
	/** The walk runs at most this long before it gives the event loop a turn. */
	readonly sliceMs?: number;
	/**
	 * A full walk already under way elsewhere (owner-prefetch.ts: a worker thread), taken as
	 * the first full walk instead of walking here; called when the tables are parsed (this
	 * thread may help with it then). null (the worker failed): walk here.
	 */
	readonly seed?: () => Promise<FdWalk | null>;
}

export interface ProcessOwners {
	/**
	 * Owners (pid ascending) of each given inode; inodes with no owner found are absent.
	 * Rejects when `signal` aborts (with its reason) or when the /proc root cannot be listed.
	 */
	resolve(
		inodes: Iterable<number>,
		signal: AbortSignal,
	): Promise<ReadonlyMap<number, readonly SocketOwner[]>>;
	/** Whether the next `resolve` walks every link, whatever the inodes. */
	fullWalkDue(): boolean;
	/** Number of completed walks, incremental or full (for tests and benchmarks). */
	readonly walks: number;
	/** Number of completed full walks (for tests and benchmarks). */
	readonly fullWalks: number;
}

/** What the last walk learnt about one process. */
interface ProcessFds {
	/** `starttime` from /proc/<pid>/stat: a reused pid has another. null: unknown, so never trusted. */
	readonly start: string | null;
	/** fd number → socket inode, 0 for anything that is not a socket, or UNREADABLE. */
	readonly fds: Map<number, number>;
}

/**
 * An fd whose link cannot be read although its directory can be listed (EACCES: a process
 * under another security policy). Kept, so that such a process costs no readlink per walk;
 * the full walk tries again.
 */
const UNREADABLE = -1;
/** The owners of a socket whose holder exited before its name was read: none (settleSeed). */
const DEAD: readonly SocketOwner[] = Object.freeze([]);
const SOCKET_PREFIX = 'socket:[';
const PID = /^\d+$/;
/** How often (in calls) the walk looks at the clock: performance.now() is cheap, not free. */
const CLOCK_EVERY = 64;

export function createProcessOwners(options: ProcessOwnersOptions = {}): ProcessOwners {
	const {root = '/proc', fs = nodeProcFs, now = Date.now, rewalkMs = 30_000, sliceMs = 10} = options;
	let cache = new Map<number, readonly SocketOwner[]>();
	let handedOut = false; // `cache` was returned by resolve: copy before writing
	let unresolvable = new Set<number>(); // looked for in the last walk, not found (other users' processes)
	let unresolvedOf: ReadonlySet<number> | null = null; // the last walk's inodes, `unresolvable` not yet worked out
	let processes = new Map<number, ProcessFds>();
	let tracked: ReadonlySet<number> = new Set<number>(); // the inodes in the tables at the last walk
	let lastFullWalk: number | null = null;
	let walks = 0;
	let fullWalks = 0;
	let seed = options.seed;

	/** Counts calls; true when the slice is used up and the walk should give the loop a turn. */
	const fullWalkDue = () => lastFullWalk === null || now() - lastFullWalk >= rewalkMs;

	const slicer = () => {
		let calls = 0;
		let sliceStart = performance.now();
		return {
			due: () => ++calls % CLOCK_EVERY === 0 && performance.now() - sliceStart >= sliceMs,
			async pause(signal: AbortSignal) {
				await nextTurn();
				signal.throwIfAborted();
				sliceStart = performance.now();
			},
		};
	};

	/** The fd's socket inode, 0 if it is something else, UNREADABLE, or null if it is gone (closed, exited). */
	const readFd = (base: string, fd: number): number | null => {
		let link: string;
		try {
			link = fs.readlinkSync(base + fd);
		} catch (error) {
			return (error as NodeJS.ErrnoException).code === 'ENOENT' ? null : UNREADABLE;
		}
		return link.startsWith(SOCKET_PREFIX) ? Number(link.slice(SOCKET_PREFIX.length, -1)) || 0 : 0;
	};

	const base = (dir: string) => `${dir}/fd/`;

	/** The last walk's fds of PID when it is the same process (same start time), else undefined. */
	const sameProcess = (pid: number, start: string | null) => {
		const known = processes.get(pid);
		return known && known.start !== null && known.start === start ? known.fds : undefined;
	};

	/**
	 * Every link of NAMES (FD_DIR's fds) read again: KNOWN itself when each one reads as it did
	 * and no fd is gone, else a new map (KNOWN is never written: an aborted walk leaves it).
	 */
	const rereadAll = async (
		known: Map<number, number>,
		names: readonly string[],
		fdDir: string,
		slice: ReturnType<typeof slicer>,
		signal: AbortSignal,
	) => {
		let fds = known;
		const copy = () => {
			if (fds === known) fds = new Map(known);
			return fds;
		};
		let present = 0;
		for (const fdName of names) {
			if (slice.due()) await slice.pause(signal);
			signal.throwIfAborted();
			const fd = Number(fdName);
			const inode = readFd(fdDir, fd);
			if (inode === null) {
				if (fds.has(fd)) copy().delete(fd);
				continue;
			}
			if (known.has(fd)) present++;
			if (fds.get(fd) !== inode) copy().set(fd, inode);
		}
		// Fds of the last walk no longer listed: closed.
		if (present < known.size) {
			const listed = new Set(names.map(Number));
			for (const fd of known.keys()) if (!listed.has(fd)) copy().delete(fd);
		}
		return fds;
	};

	/**
	 * First pass. Per process: list its fds and read its start time (in that order: a pid
	 * reused between the two then looks new and is read in full, never the other way round).
	 * Without `full`, an fd's cached inode is trusted when the process is the same one (same
	 * start time) and
	 *   - it is a socket still in the tables (`wanted`): the fd can only have been closed and
	 *     its number reused if that socket lives on in another fd or process (left to the full walk);
	 *   - or it is not a socket (0) or a socket not in the tables (unix, netlink, unbound…):
	 *     usually many, rarely reused for a TCP/UDP socket. See the second pass;
	 *   - or it was UNREADABLE: reading it again would fail again (left to the full walk).
	 * It is read again when its number is new, or its inode was in the tables at the last walk
	 * but is gone now (closed, so the number is free for a new socket). A full walk trusts
	 * nothing and so needs no `wanted`.
	 * Builds new per-process knowledge without touching the current one, so an aborted walk
	 * leaves everything as it was.
	 */
	const scan = async (wanted: ReadonlySet<number> | null, signal: AbortSignal) => {
		const previous = wanted === null ? new Map<number, ProcessFds>() : processes;
		const next = new Map<number, ProcessFds>();
		// Fds kept from the last walk that are not sockets in the tables: see the second pass.
		const unchecked: {pid: number; numbers: number[]}[] = [];
		const reread = (inode: number) => wanted !== null && !wanted.has(inode) && tracked.has(inode);
		const slice = slicer();
		signal.throwIfAborted();
		const pids = fs.readdirSync(root).filter((name) => PID.test(name));
		for (const name of pids) {
			if (slice.due()) await slice.pause(signal);
			signal.throwIfAborted();
			const pid = Number(name);
			const dir = `${root}/${name}`;
			const names = quietly(() => fs.readdirSync(`${dir}/fd`));
			if (!names || names.length === 0) continue; // unreadable, exited, or a kernel thread
			const start = quietly(() => readStartTime(fs, dir));
			// A full walk reads every link, but a process whose links all read as last time keeps
			// last time's map: at 10,000 connections two maps of 10,000 fds made anew every 30 s
			// were ≈ 3 MB of garbage on an idle dashboard (docs/memory.md, 2026-12-01).
			const same = wanted === null ? sameProcess(pid, start) : undefined;
			if (same !== undefined) {
				const fds = await rereadAll(same, names, base(dir), slice, signal);
				next.set(pid, {start, fds});
				continue;
			}
			const known = previous.get(pid);
			const trusted = known && known.start !== null && known.start === start ? known.fds : undefined;
			const toRead: number[] = [];
			const kept: number[] = [];
			for (const fdName of names) {
				const number = Number(fdName);
				const inode = trusted?.get(number);
				if (inode === undefined || reread(inode)) toRead.push(number);
				else if (!wanted?.has(inode) && inode !== UNREADABLE) kept.push(number);
			}
			let current: Map<number, number>;
			if (trusted && toRead.length === 0 && names.length === trusted.size) {
				current = trusted; // the same fds as last time: shared until written (see `writable`)
			} else {
				current = new Map();
				if (trusted && toRead.length < names.length)
					for (const [number, inode] of trusted) if (!reread(inode)) current.set(number, inode);
				if (trusted && current.size + toRead.length > names.length) {
					const listed = new Set(names.map(Number)); // some fds were closed: forget them
					for (const number of current.keys()) if (!listed.has(number)) current.delete(number);
				}
			}
			next.set(pid, {start, fds: current});
			if (kept.length > 0) unchecked.push({pid, numbers: kept});
			const fdDir = base(dir);
			for (const fd of toRead) {
				if (slice.due()) await slice.pause(signal);
				signal.throwIfAborted();
				const inode = readFd(fdDir, fd);
				if (inode !== null) current.set(fd, inode);
			}
		}
		return {previous, next, unchecked};
	};

	/**
	 * Owners of `wanted` (the inodes in the tables now) from a first pass's knowledge. `fresh`:
	 * those of them never looked for before, which caused this walk.
	 */
	const settle = async (
		first: Awaited<ReturnType<typeof scan>>,
		wanted: ReadonlySet<number>,
		fresh: ReadonlySet<number>,
		signal: AbortSignal,
	) => {
		const {previous, next, unchecked} = first;
		const {holders, holderPids, hold} = holdings();
		for (const [pid, {fds}] of next)
			for (const inode of fds.values()) if (wanted.has(inode)) hold(pid, inode);

		/** The pid's fd map in `next`, copied first if it is still the previous walk's (shared). */
		const writable = (pid: number) => {
			const state = next.get(pid)!;
			if (state.fds !== previous.get(pid)?.fds) return state.fds;
			const fds = new Map(state.fds);
			next.set(pid, {start: state.start, fds});
			return fds;
		};

		// Second pass, only when a new inode is still unaccounted for. A closed file's (or unix
		// socket's) fd number can be reused for a new TCP/UDP socket, and only reading the link
		// shows it. Reading all those fds at every walk would cost about as much as the old full
		// walk on a desktop (thousands of files, pipes and unix sockets), so they are read only
		// when a new inode was not found among the new and freed fd numbers, and only until it is.
		// When every new inode has been found, such a reused number can only hold a socket that
		// already had an owner (passed from another process): that waits for the full walk.
		const missing = new Set<number>();
		if (unchecked.length > 0) for (const inode of fresh) if (!holders.has(inode)) missing.add(inode);
		if (missing.size > 0) {
			// Processes that already hold TCP/UDP sockets first: the likeliest to have opened one more.
			unchecked.sort((a, b) => Number(holderPids.has(b.pid)) - Number(holderPids.has(a.pid)));
			const slice = slicer();
			search: for (const {pid, numbers} of unchecked) {
				const base = `${root}/${pid}/fd/`;
				for (const fd of numbers) {
					if (missing.size === 0) break search;
					if (slice.due()) await slice.pause(signal);
					signal.throwIfAborted();
					const inode = readFd(base, fd);
					if (inode === null) {
						writable(pid).delete(fd);
						continue;
					}
					if (inode === next.get(pid)!.fds.get(fd)) continue;
					writable(pid).set(fd, inode);
					if (wanted.has(inode)) hold(pid, inode);
					missing.delete(inode);
				}
			}
		}

		return {found: ownersOf(holders, holderPids, signal), processes: next};
	};

	/** inode → owners from who holds what: each holder's name read once. */
	const ownersOf = (
		holders: Map<number, number | number[]>,
		holderPids: ReadonlySet<number>,
		signal: AbortSignal,
	): Map<number, readonly SocketOwner[]> => {
		// pid → [that process as owner]: one frozen array shared by all the inodes it alone holds.
		const alone = new Map<number, readonly SocketOwner[]>();
		for (const pid of holderPids) {
			signal.throwIfAborted();
			const process = quietly(() => readProcessName(fs, `${root}/${pid}`));
			if (process !== null) alone.set(pid, Object.freeze([Object.freeze({pid, process})])); // null: exited meanwhile
		}
		// The holders' map becomes the answer, each value replaced in place: at 20,000 sockets
		// a second map of them was ≈1 MB more to fill and to page in (docs/cold-read.md, fifth pass).
		const found = holders as Map<number, number | number[] | readonly SocketOwner[]>;
		for (const [inode, held] of holders) {
			const owners =
				typeof held === 'number'
					? alone.get(held)
					: held.sort((a, b) => a - b).flatMap((pid) => alone.get(pid) ?? []);
			if (owners !== undefined && owners.length > 0) found.set(inode, owners);
			else found.delete(inode);
		}
		return found as Map<number, readonly SocketOwner[]>;
	};

	/**
	 * Owners of `wanted` from a walk made elsewhere (`seed`), read straight from its arrays.
	 * It began before the tables were read, as `ss` walks before it dumps: a socket opened in
	 * between is not in it. When some socket has no owner, the processes started since the
	 * walk are walked here (a new process is the likeliest owner of a new socket, and they are
	 * few). Listing every fd directory again would find the rest but cost more than the walk
	 * saved (≈160 ms at 20,000 sockets: two processes with 10,000 fds each), so a socket an
	 * older process opened meanwhile waits for the next walk, as one closed during a walk made
	 * after the tables does. The walk's knowledge is not kept: a later `resolve` walks in full.
	 */
	const settleSeed = (seeded: FdWalk, wanted: ReadonlySet<number>, signal: AbortSignal) => {
		// One pass over the walk's fds, at `--once`'s serial end: each process's owners' array is
		// made (its name read) at its first wanted socket and set as the answer at once, so there
		// is no inode → pid map to rewrite afterwards, no call and no set of pids per socket
		// (cold code: that map and its rewrite were ≈30 ms of the main thread at 20,000 sockets,
		// docs/cold-read.md, seventh pass). A socket two processes hold (or one in two fds) is
		// noted and settled by a second look at the fds of those sockets only.
		const found = new Map<number, readonly SocketOwner[]>();
		const alone = new Map<number, readonly SocketOwner[]>(); // pid → [that process], DEAD: exited
		const shared = new Set<number>();
		let dead = false;
		const holdAll = (walk: FdWalk) => {
			const {pids, ends, inodes} = walk;
			for (let i = 0, from = 0; i < pids.length; from = ends[i++]!) {
				let owners: readonly SocketOwner[] | undefined;
				for (let j = from; j < ends[i]!; j++) {
					const inode = inodes[j]!;
					if (!wanted.has(inode)) continue;
					if (owners === undefined) {
						signal.throwIfAborted();
						owners = ownersAlone(pids[i]!);
						alone.set(pids[i]!, owners);
						if (owners === DEAD) dead = true;
					}
					const held = found.get(inode);
					if (held === undefined) found.set(inode, owners);
					else if (held !== owners) shared.add(inode);
				}
			}
		};
		const ownersAlone = (pid: number): readonly SocketOwner[] => {
			const process = quietly(() => readProcessName(fs, `${root}/${pid}`));
			return process === null ? DEAD : Object.freeze([Object.freeze({pid, process})]); // null: exited meanwhile
		};
		const walks = [seeded];
		holdAll(seeded);
		// `found` has only wanted inodes: as many as wanted, none is missing.
		if (found.size < wanted.size) {
			const walked = new Set(seeded.pids);
			walks.push(walkAllFds(fs, root, (pid) => !walked.has(pid)));
			holdAll(walks[1]!);
		}
		if (shared.size > 0) {
			// Every holder of each shared socket, pid ascending, as ownersOf makes them.
			const sharedBy = new Map<number, number[]>();
			for (const {pids, ends, inodes} of walks)
				for (let i = 0, from = 0; i < pids.length; from = ends[i++]!)
					for (let j = from; j < ends[i]!; j++) {
						if (!shared.has(inodes[j]!)) continue;
						const holders = sharedBy.get(inodes[j]!);
						if (holders === undefined) sharedBy.set(inodes[j]!, [pids[i]!]);
						else if (!holders.includes(pids[i]!)) holders.push(pids[i]!);
					}
			for (const [inode, holders] of sharedBy) {
				const owners = holders.sort((a, b) => a - b).flatMap((pid) => alone.get(pid) ?? []);
				found.set(inode, owners.length === 1 ? alone.get(owners[0]!.pid)! : owners);
			}
		}
		if (dead) for (const [inode, owners] of found) if (owners.length === 0) found.delete(inode);
		return {found, processes: new Map<number, ProcessFds>()};
	};

	return {
		get walks() {
			return walks;
		},
		get fullWalks() {
			return fullWalks;
		},
		fullWalkDue,
		async resolve(inodes, signal) {
			if (unresolvedOf !== null) {
				for (const inode of unresolvedOf) if (!cache.has(inode)) unresolvable.add(inode);
				unresolvedOf = null;
			}
			const current = new Set(inodes);
			current.delete(0); // TIME_WAIT and friends: no fd can refer to them
			for (const inode of cache.keys())
				if (!current.has(inode)) {
					if (handedOut) cache = new Map(cache);
					handedOut = false;
					cache.delete(inode);
				}
			for (const inode of unresolvable) if (!current.has(inode)) unresolvable.delete(inode);
			const full = fullWalkDue();
			// Nothing known yet (the first read, `--once`): every inode is new, no second set of 20,000.
			const fresh =
				cache.size === 0 && unresolvable.size === 0 ? current : unknown(current, cache, unresolvable);
			if (full || fresh.size > 0) {
				// A walk settles every current inode (its owners may have changed too), not just the new ones.
				const startedAt = now();
				const seeded = full && seed !== undefined ? await seed() : null;
				seed = undefined; // one walk, taken once
				signal.throwIfAborted();
				const result = seeded
					? settleSeed(seeded, current, signal)
					: await settle(await scan(full ? null : current, signal), current, fresh, signal);
				cache = result.found;
				processes = result.processes;
				// Which of them were not found is worked out when a next resolve needs it: a
				// one-shot read has none, and it saved a pass of 20,000 lookups at its serial end.
				unresolvable = new Set();
				unresolvedOf = current;
				tracked = current;
				walks++;
				if (full) {
					lastFullWalk = startedAt;
					fullWalks++;
					collectSoon(); // what the walk replaced is old-generation garbage (heap-trim.ts)
				}
			}
			// The map itself, not a copy (20,000 entries at a cold read): the next call copies it
			// before it deletes from it, so what was returned stays as it was.
			handedOut = true;
			return cache;
		},
	};
}

/** Per-process failures are normal (EACCES: another user's process; ENOENT: it exited): null. */
function quietly<T>(read: () => T): T | null {
	try {
		return read();
	} catch {
		return null;
	}
}

function unknown(
	inodes: Iterable<number>,
	known: ReadonlyMap<number, unknown>,
	unresolvable: ReadonlySet<number>,
): Set<number> {
	const fresh = new Set<number>();
	for (const inode of inodes) if (!known.has(inode) && !unresolvable.has(inode)) fresh.add(inode);
	return fresh;
}

/** inode → its pid, or pids when shared (a process may hold it in several fds: once here). */
function holdings() {
	// Mostly one pid: no collection per inode, 20,000 of them would be felt.
	const holders = new Map<number, number | number[]>();
	const holderPids = new Set<number>();
	const hold = (pid: number, inode: number) => {
		holderPids.add(pid);
		const held = holders.get(inode);
		if (held === undefined) holders.set(inode, pid);
		else if (typeof held === 'number') {
			if (held !== pid) holders.set(inode, [held, pid]);
		} else if (!held.includes(pid)) held.push(pid);
	};
	return {holders, holderPids, hold};
}

// Socket inode → owning processes, found by reading every /proc/<pid>/fd/*
// link (`socket:[12345]`). That walk is the expensive part of a poll, so its
// result is cached: a poll only walks when it sees an inode it has never tried
// to resolve, or when the last walk is older than `rewalkMs` (to pick up
// sockets inherited across fork, or passed to another process).
import type {SocketOwner} from '../../model/socket-record.js';
import {nodeProcFs, type ProcFs} from './proc-fs.js';
import {runPool} from './work-pool.js';

export interface ProcessOwnersOptions {
	readonly root?: string;
	readonly fs?: ProcFs;
	readonly now?: () => number;
	readonly rewalkMs?: number;
	/** File operations in flight at once during a walk. */
	readonly concurrency?: number;
}

export interface ProcessOwners {
	/**
	 * Owners (pid ascending) of each given inode; inodes with no owner found are absent.
	 * Rejects when `signal` aborts (with its reason) or when the /proc root cannot be listed.
	 */
	resolve(inodes: Iterable<number>, signal: AbortSignal): Promise<Map<number, readonly SocketOwner[]>>;
	/** Number of completed walks (for tests and benchmarks). */
	readonly walks: number;
}

const SOCKET_LINK = /^socket:\[(\d+)\]$/;
const COMM_LENGTH = 15; // TASK_COMM_LEN - 1: longer names are cut by the kernel

export function createProcessOwners(options: ProcessOwnersOptions = {}): ProcessOwners {
	const {root = '/proc', fs = nodeProcFs, now = Date.now, rewalkMs = 30_000, concurrency = 64} = options;
	let cache = new Map<number, readonly SocketOwner[]>();
	let unresolvable = new Set<number>(); // looked for in the last walk, not found (other users' processes)
	let lastWalk: number | null = null;
	let walks = 0;

	const walk = async (wanted: ReadonlySet<number>, signal: AbortSignal) => {
		// Per-process failures are normal (EACCES: another user's process; ENOENT: it exited): skip quietly.
		const quiet = <T>(p: Promise<T>) => p.catch(() => null);
		const holders = new Map<number, number[]>();
		const pids = (await fs.readdir(root)).filter((name) => /^\d+$/.test(name));
		// Items: a pid (list its fd dir) or a pid with an fd (read that link).
		await runPool<{pid: string; fd?: string}>(
			pids.map((pid) => ({pid})),
			concurrency,
			signal,
			async ({pid, fd}, add) => {
				if (fd === undefined) {
					const fds = await quiet(fs.readdir(`${root}/${pid}/fd`));
					if (fds) add(fdItems(pid, fds));
					return;
				}
				const link = await quiet(fs.readlink(`${root}/${pid}/fd/${fd}`));
				const inode = Number(link ? SOCKET_LINK.exec(link)?.[1] : undefined);
				if (!wanted.has(inode)) return;
				const inodePids = holders.get(inode);
				if (inodePids) inodePids.push(Number(pid));
				else holders.set(inode, [Number(pid)]);
			},
		);
		const processNames = new Map<number, string>();
		await runPool(new Set([...holders.values()].flat()), concurrency, signal, async (pid) => {
			const processName = await quiet(readProcessName(fs, `${root}/${pid}`));
			if (processName !== null) processNames.set(pid, processName); // null: exited meanwhile
		});
		const found = new Map<number, readonly SocketOwner[]>();
		for (const [inode, inodePids] of holders) {
			const owners = [...new Set(inodePids)] // a process may hold the socket in several fds
				.sort((a, b) => a - b)
				.flatMap((pid) => {
					const process = processNames.get(pid);
					return process === undefined ? [] : [{pid, process}];
				});
			if (owners.length > 0) found.set(inode, owners);
		}
		return found;
	};

	return {
		get walks() {
			return walks;
		},
		async resolve(inodes, signal) {
			const current = new Set(inodes);
			current.delete(0); // TIME_WAIT and friends: no fd can refer to them
			for (const inode of cache.keys()) if (!current.has(inode)) cache.delete(inode);
			for (const inode of unresolvable) if (!current.has(inode)) unresolvable.delete(inode);
			const due = lastWalk === null || now() - lastWalk >= rewalkMs;
			if (due || hasUnknown(current, cache, unresolvable)) {
				// Every walk reads every fd anyway, so it refreshes all current inodes, not just the new ones.
				const startedAt = now();
				const found = await walk(current, signal);
				cache = found;
				unresolvable = new Set([...current].filter((inode) => !found.has(inode)));
				lastWalk = startedAt;
				walks++;
			}
			return new Map(cache);
		},
	};
}

function hasUnknown(
	inodes: Iterable<number>,
	known: ReadonlyMap<number, unknown>,
	unresolvable: ReadonlySet<number>,
) {
	for (const inode of inodes) if (!known.has(inode) && !unresolvable.has(inode)) return true;
	return false;
}

// Lazily, so a process with 100k fds does not mean 100k objects at once.
function* fdItems(pid: string, fds: readonly string[]) {
	for (const fd of fds) yield {pid, fd};
}

/** `comm`, unless the kernel cut it and argv[0]'s basename is the full name. */
async function readProcessName(fs: ProcFs, dir: string): Promise<string> {
	const comm = (await fs.readFile(`${dir}/comm`)).replace(/\n$/, '');
	if (Buffer.byteLength(comm) < COMM_LENGTH) return comm;
	try {
		const cmdline = await fs.readFile(`${dir}/cmdline`);
		const argv0 = cmdline.split('\0', 1)[0] ?? '';
		const base = argv0.slice(argv0.lastIndexOf('/') + 1);
		return base.length > comm.length && base.startsWith(comm) ? base : comm;
	} catch {
		return comm;
	}
}

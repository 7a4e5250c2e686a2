// Which network namespaces exist, and which processes are in each: taken once per poll.
//
// Two ways to tell a process's namespace (measured here, docs/namespaces.md):
// - root: readlink /proc/<pid>/ns/net → `net:[4026531833]`, the namespace's inode (what `lsns`
//   and `ip netns identify` show). Refused to non-root for other users' processes.
// - anyone: stat(/proc/<pid>/net/tcp).ino. Allowed for every pid as `nobody`, one value per
//   namespace for its life, but a different number from the ns inode (4026531909 vs
//   4026531833 for the same namespace here), so it is only a grouping key.
// As non-root, a namespace's id is its ns inode when one of its processes is ours (readlink
// allowed), else the net/tcp inode: stable too, and documented as such.
// Named namespaces are the bind mounts under /run/netns (`ip netns add`): stat(mount).ino is
// the ns inode.
import {readdirSync, readlinkSync, statSync} from 'node:fs';

export interface NetnsFs {
	readdirSync(path: string): string[];
	readlinkSync(path: string): string;
	/** The inode number of what `path` resolves to. */
	statIno(path: string): number;
}

export const nodeNetnsFs: NetnsFs = {
	readdirSync: (path) => readdirSync(path),
	readlinkSync: (path) => readlinkSync(path),
	statIno: (path) => statSync(path).ino,
};

export interface CensusNamespace {
	/** What groups the processes: the ns inode as root, the net/tcp inode otherwise. */
	readonly key: number;
	/** The namespace's id as records carry it (see above). */
	readonly id: number;
	/** Its pids, ascending. */
	readonly pids: readonly number[];
	/** Its `ip netns` name, if bind-mounted under /run/netns. */
	readonly name: string | null;
}

export interface Census {
	/** The key of this process's own namespace (the "host" namespace). */
	readonly selfKey: number;
	readonly namespaces: ReadonlyMap<number, CensusNamespace>;
	/** Named namespaces (/run/netns) with no process in them: their tables cannot be read through a pid. */
	readonly idle: readonly string[];
	/** The same, as namespaces (key and id: the mount's inode, the ns inode; no pids). */
	readonly idleNamespaces: readonly CensusNamespace[];
}

export interface CensusOptions {
	readonly root: string;
	readonly fs: NetnsFs;
	/** true: use /proc/<pid>/ns/net (root); false: stat /proc/<pid>/net/tcp. */
	readonly privileged: boolean;
	readonly netnsDir?: string;
}

const PID = /^\d+$/;
const NS_LINK = /^net:\[(\d+)\]$/;

/** A census taker: remembers the ids it found (a namespace's id never changes) between polls. */
export function createCensus(options: CensusOptions) {
	const {root, fs, privileged, netnsDir = '/run/netns'} = options;
	// Non-root: key → ns inode found through one of our own processes.
	const idOfKey = new Map<number, number>();
	// Non-root: key → pid-set signature at which no process's ns link was readable.
	const triedAt = new Map<number, string>();

	const nsInode = (pid: number | 'self'): number | null => {
		try {
			const match = NS_LINK.exec(fs.readlinkSync(`${root}/${pid}/ns/net`));
			return match ? Number(match[1]) : null;
		} catch {
			return null;
		}
	};
	const keyOf = (pid: number | 'self'): number | null => {
		if (privileged) return nsInode(pid);
		try {
			return fs.statIno(`${root}/${pid}/net/tcp`);
		} catch {
			return null; // exited meanwhile, or /proc mounted with hidepid
		}
	};

	const readNames = (): Map<number, string> => {
		const names = new Map<number, string>();
		let entries: string[];
		try {
			entries = fs.readdirSync(netnsDir);
		} catch {
			return names; // no /run/netns: no named namespaces
		}
		for (const name of entries.sort()) {
			try {
				names.set(fs.statIno(`${netnsDir}/${name}`), name);
			} catch {
				// a mount point left behind by a deleted namespace, or not ours to stat
			}
		}
		return names;
	};

	return {
		/** The key of one pid's namespace now (null: gone): to check a pid still is where the census saw it. */
		keyOf,
		take(): Census {
			const selfKey = keyOf('self');
			if (selfKey === null) throw new Error(`cannot tell this process's network namespace from ${root}/self`);
			const groups = new Map<number, number[]>();
			for (const name of fs.readdirSync(root)) {
				if (!PID.test(name)) continue;
				const pid = Number(name);
				const key = keyOf(pid);
				if (key === null) continue;
				const pids = groups.get(key);
				if (pids) pids.push(pid);
				else groups.set(key, [pid]);
			}
			const names = readNames();
			const namespaces = new Map<number, CensusNamespace>();
			const seen = new Set<number>();
			for (const [key, pids] of groups) {
				pids.sort((a, b) => a - b);
				const id = privileged ? key : this.idOf(key, pids);
				const name = names.get(id) ?? null;
				if (name !== null) seen.add(id);
				namespaces.set(key, {key, id, pids, name});
			}
			for (const key of idOfKey.keys()) if (!groups.has(key)) idOfKey.delete(key);
			for (const key of triedAt.keys()) if (!groups.has(key)) triedAt.delete(key);
			const idleNamespaces = [...names]
				.filter(([id]) => !seen.has(id))
				.map(([id, name]): CensusNamespace => ({key: id, id, pids: [], name}));
			const idle = idleNamespaces.map((namespace) => namespace.name!);
			return {selfKey, namespaces, idle, idleNamespaces};
		},
		/** Non-root: the ns inode through any of the namespace's processes that is ours, else the key. */
		idOf(key: number, pids: readonly number[]): number {
			const known = idOfKey.get(key);
			if (known !== undefined) return known;
			const signature = pids.join(',');
			if (triedAt.get(key) !== signature) {
				triedAt.set(key, signature);
				for (const pid of pids) {
					const inode = nsInode(pid);
					if (inode !== null) {
						idOfKey.set(key, inode);
						return inode;
					}
				}
			}
			return key;
		},
	};
}

export type CensusTaker = ReturnType<typeof createCensus>;

// The machine's interface counters: /proc/<pid>/net/dev of every network namespace that has a
// process, found with the procfs source's census (netns-census.ts), each namespace read through
// one of its processes. Which interfaces count is link-count.ts's rule.
//
// Cost (docs/traffic.md "Machine total"): a net/dev read walks only that namespace's devices,
// not the socket hash, so every namespace is read every poll (twice: the two passes
// link-count.ts needs). The census (a readdir of /proc and a readlink, or as non-root a stat,
// per process) is the larger part and is taken at most every CENSUS_EVERY_MS, and again at once
// when a namespace's process is gone. Any user can read any process's net/dev (checked as
// `nobody`): as non-root the same namespaces are counted; with /proc mounted `hidepid` only those
// whose processes are visible. Namespaces with no process (an `ip netns add` mount nothing runs
// in) are not read: their links to the host are counted at the host end, their loopback is not.
import {readFileSync} from 'node:fs';
import {type CensusTaker, createCensus, type NetnsFs} from '../procfs/netns-census.js';
import {type CountedInterface, countLinks, type NamespaceInterfaces} from './link-count.js';
import {type NetDevInterface, parseNetDevInterfaces} from './parse-net-dev.js';

/** The census is taken again after this long (a new namespace is counted within it). */
export const CENSUS_EVERY_MS = 10_000;

export interface MachineNetDev {
	/** Every interface read, with whether it counts (link-count.ts). */
	readonly interfaces: readonly CountedInterface[];
	/** How many namespaces' net/dev were read (1: socktop's own only). */
	readonly namespaces: number;
}

export interface NetnsDevOptions {
	/** Where procfs is mounted. */
	readonly root: string;
	/** The census's file calls; null: no census, socktop's own namespace only (a fake /proc). */
	readonly netnsFs: NetnsFs | null;
	readonly privileged: boolean;
	readonly readText?: (path: string) => string;
	readonly now?: () => number;
	readonly netnsDir?: string;
}

interface Known {
	readonly key: number;
	/** Its processes, ascending: the first that is still in it is read. */
	readonly pids: readonly number[];
}

export function createNetnsDevReader(options: NetnsDevOptions) {
	const {root, netnsFs, privileged} = options;
	const readText = options.readText ?? ((path: string) => readFileSync(path, 'utf8'));
	const now = options.now ?? Date.now;
	const census: CensusTaker | null =
		netnsFs === null ? null : createCensus({root, fs: netnsFs, privileged, netnsDir: options.netnsDir});
	let selfKey = 0;
	let others: Known[] = [];
	let takenAt: number | null = null;

	const takeCensus = () => {
		if (census === null) return;
		try {
			const taken = census.take();
			selfKey = taken.selfKey;
			others = [...taken.namespaces.values()]
				.filter((namespace) => namespace.key !== taken.selfKey)
				.map((namespace) => ({key: namespace.key, pids: namespace.pids}));
		} catch {
			others = []; // this process's namespace cannot be told: count it alone
		}
		takenAt = now();
	};

	/** A namespace's lines through the first of its processes still in it; null when none is. */
	const readNamespace = (known: Known): NetDevInterface[] | null => {
		for (const pid of known.pids) {
			try {
				const text = readText(`${root}/${pid}/net/dev`);
				// Read first, checked after: a pid that left (or was reused) meanwhile is not this namespace's.
				if (census?.keyOf(pid) === known.key) return parseNetDevInterfaces(text);
			} catch {
				// exited: try the next
			}
		}
		return null;
	};

	return {
		/**
		 * The other namespaces of the last census, each with a process in it (its first pid); the
		 * key is the namespace's id as records carry it when privileged (the ns inode).
		 */
		others(): readonly {readonly key: number; readonly pid: number}[] {
			if (takenAt === null || now() - takenAt >= CENSUS_EVERY_MS) takeCensus();
			return others.flatMap((known) =>
				known.pids[0] === undefined ? [] : [{key: known.key, pid: known.pids[0]}],
			);
		},
		/** Both passes over every namespace; null when not even this namespace's table could be read. */
		read(): MachineNetDev | null {
			if (takenAt === null || now() - takenAt >= CENSUS_EVERY_MS) takeCensus();
			const readSelf = () => {
				try {
					return parseNetDevInterfaces(readText(`${root}/net/dev`));
				} catch {
					return null;
				}
			};
			const passes: (NetDevInterface[] | null)[][] = [];
			for (let pass = 0; pass < 2; pass++) passes.push([readSelf(), ...others.map(readNamespace)]);
			const [first = [], second = []] = passes;
			if (second[0] === null || second[0] === undefined) return null;
			const namespaces: NamespaceInterfaces[] = [
				{key: selfKey, host: true, first: first[0] ?? [], second: second[0]},
			];
			let gone = false;
			others.forEach((known, index) => {
				const lines = second[index + 1];
				if (lines === null || lines === undefined) gone = true;
				else namespaces.push({key: known.key, host: false, first: first[index + 1] ?? [], second: lines});
			});
			// A namespace whose processes are all gone: find the namespaces again at the next read.
			if (gone) takenAt = null;
			return {interfaces: countLinks(namespaces), namespaces: namespaces.length};
		},
	};
}

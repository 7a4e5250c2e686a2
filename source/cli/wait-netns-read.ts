// `socktop wait --netns all|ID|NAME`: the listeners of other network namespaces too, with the
// cheap read of listener-table.ts through one process of each (`/proc/<pid>/net`), found by a
// census taken at every read (netns-census.ts: a container that starts while we wait is seen
// at the next read; ≈1.7 ms per 110 pids measured as nobody, docs/namespaces.md). A namespace
// with no process (an `ip netns` mount only) is read with a spawn (named-netns-read.ts), as
// root and only when named by --netns: that costs 0.1–0.2 s, too much for every 100 ms poll
// of `all`.
import {readFileSync} from 'node:fs';
import {labelOfCgroups} from '../sources/procfs/cgroup-label.js';
import {createListenerReader, type ListenerRead} from '../sources/procfs/listener-table.js';
import {readNamedNetns} from '../sources/procfs/named-netns-read.js';
import {type CensusNamespace, createCensus, nodeNetnsFs} from '../sources/procfs/netns-census.js';
import {parseProcNet} from '../sources/procfs/parse-proc-net.js';
import type {WaitSocket} from './wait-match.js';

export interface NetnsWaitReadOptions {
	/** all, an id or an ip netns name (not host: that is the plain read). */
	readonly choice: string;
	readonly privileged: boolean;
	readonly root?: string;
	readonly netnsDir?: string;
}

/** The namespace's name for messages: `netns:NAME`, else a container label with its id, else its id. */
function whereOf(namespace: CensusNamespace, root: string): string {
	if (namespace.name !== null) return `netns:${namespace.name}`;
	let label: string | null = null;
	try {
		label = labelOfCgroups(readFileSync(`${root}/${namespace.pids[0]}/cgroup`, 'utf8'));
	} catch {}
	return label !== null && !label.startsWith('systemd:')
		? `${label} (netns ${namespace.id})`
		: `netns ${namespace.id}`;
}

export function createNetnsWaitRead(options: NetnsWaitReadOptions) {
	const {choice, privileged, root = '/proc', netnsDir = '/run/netns'} = options;
	const census = createCensus({root, fs: nodeNetnsFs, privileged, netnsDir});
	const own = createListenerReader({dir: `${root}/net`});
	const id = /^\d+$/.test(choice) ? Number(choice) : null;
	const chosen = (namespace: CensusNamespace) =>
		choice === 'all' ||
		(id !== null ? namespace.id === id || namespace.key === id : namespace.name === choice);

	const readThrough = (namespace: CensusNamespace, proto: 'tcp' | 'udp'): ListenerRead | null => {
		for (const pid of namespace.pids) {
			try {
				const read = createListenerReader({dir: `${root}/${pid}/net`}).read(proto);
				// The pid may have exited and been reused elsewhere meanwhile.
				if (census.keyOf(pid) === namespace.key) return read;
			} catch {
				// exited: try the next one
			}
		}
		return null;
	};

	const readIdle = async (namespace: CensusNamespace, proto: 'tcp' | 'udp', signal: AbortSignal) => {
		const texts = await readNamedNetns(`${netnsDir}/${namespace.name}`, signal);
		const files = proto === 'tcp' ? (['tcp', 'tcp6'] as const) : (['udp', 'udp6'] as const);
		const offset = proto === 'tcp' ? 0 : 2;
		return files.flatMap((file, i) =>
			parseProcNet(texts[offset + i]!, file).entries.filter(
				(entry) => proto === 'udp' || entry.state === 'LISTEN',
			),
		);
	};

	return {
		async read(
			proto: 'tcp' | 'udp',
			signal: AbortSignal,
		): Promise<{sockets: WaitSocket[]; spanned: boolean}> {
			const taken = census.take();
			const sockets: WaitSocket[] = [];
			let spanned = false;
			for (const namespace of taken.namespaces.values()) {
				if (!chosen(namespace)) continue;
				const self = namespace.key === taken.selfKey;
				const read = self ? own.read(proto) : readThrough(namespace, proto);
				if (read === null) continue;
				spanned ||= read.spanned;
				const where = self ? null : whereOf(namespace, root);
				for (const entry of read.entries) sockets.push({...entry, owners: null, where});
			}
			if (privileged && choice !== 'all')
				for (const namespace of taken.idleNamespaces) {
					if (!chosen(namespace)) continue;
					const where = `netns:${namespace.name}`;
					try {
						for (const entry of await readIdle(namespace, proto, signal))
							sockets.push({...entry, owners: null, where});
					} catch {
						// deleted meanwhile: nothing listens there
					}
				}
			return {sockets, spanned};
		},
	};
}

// Where `socktop wait` reads sockets from: on Linux the listeners of /proc/net (the cheap
// read of listener-table.ts, owners looked up only with --process), elsewhere the netstat
// source (one netstat run per poll, owners included where the platform's netstat gives them).
import {readFileSync} from 'node:fs';
import type {SocketOwner} from '../model/socket-record.js';
import {createListenerReader} from '../sources/procfs/listener-table.js';
import {findSocketHolders} from '../sources/procfs/socket-holders.js';
import type {SourceChoice} from '../sources/select-source.js';
import {readV6only} from '../sources/ss-v6only.js';
import type {WaitSocket} from './wait-match.js';

export interface WaitRead {
	readonly sockets: WaitSocket[];
	/** An absence seen in this read is worth a second look (see listener-table.ts). */
	readonly spanned: boolean;
}

export interface Holders {
	readonly owners: ReadonlyMap<number, readonly SocketOwner[]>;
	/** Processes (named as asked) whose sockets could not be seen. */
	readonly hidden: readonly SocketOwner[];
}

export interface WaitTable {
	readonly kind: 'procfs' | 'netstat';
	read(proto: 'tcp' | 'udp', signal: AbortSignal): Promise<WaitRead>;
	/** procfs only: holders of INODES among processes named NAME (null: any process). */
	holders(inodes: ReadonlySet<number>, name: string | null): Holders | null;
	/** IPV6_V6ONLY of PROTO sockets on PORT by inode; empty when unknown. */
	v6only(proto: 'tcp' | 'udp', port: number, signal: AbortSignal): Promise<Map<number, boolean>>;
	/** What a `::` socket whose flag could not be read is taken to be. */
	readonly defaultV6only: boolean;
}

function bindV6onlyDefault(): boolean {
	try {
		return readFileSync('/proc/sys/net/ipv6/bindv6only', 'utf8').trim() === '1';
	} catch {
		return false;
	}
}

export async function createWaitTable(choice: SourceChoice, netns = 'host'): Promise<WaitTable> {
	const procfs = choice === 'procfs' || (choice === 'auto' && process.platform === 'linux');
	if (procfs) {
		const reader = createListenerReader();
		// Other namespaces too (wait-netns-read.ts), loaded only when asked for.
		const many =
			netns === 'host'
				? null
				: (await import('./wait-netns-read.js')).createNetnsWaitRead({
						choice: netns,
						privileged: process.geteuid?.() === 0,
					});
		return {
			kind: 'procfs',
			read: async (proto, signal) => {
				if (many !== null) return many.read(proto, signal);
				const {entries, spanned} = reader.read(proto);
				return {sockets: entries.map((entry) => ({...entry, owners: null})), spanned};
			},
			holders: (inodes, name) => findSocketHolders(inodes, {name}),
			v6only: readV6only,
			defaultV6only: bindV6onlyDefault(),
		};
	}
	// Loaded only off Linux or with --source netstat: the procfs path needs none of it.
	const {selectSource} = await import('../sources/select-source.js');
	const source = selectSource('netstat');
	return {
		kind: 'netstat',
		read: async (proto, signal) => {
			const {records} = await source.read(signal);
			const sockets = records
				.filter((record) => record.proto === proto)
				.map((record) => ({
					proto: record.proto,
					family: record.family,
					localAddress: record.localAddress,
					localPort: record.localPort,
					state: record.state,
					uid: record.uid,
					inode: record.inode,
					owners: record.owners,
				}));
			return {sockets, spanned: false};
		},
		holders: () => null,
		v6only: process.platform === 'linux' ? readV6only : async () => new Map(),
		defaultV6only: process.platform === 'linux' ? bindV6onlyDefault() : false,
	};
}

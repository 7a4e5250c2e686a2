// Which container ports a docker-proxy in this namespace publishes, attached to the namespace
// that holds the container's address (for scan targets: netns-scan-target.ts). Looked at only
// when a docker-proxy holds a socket here: its /proc/<pid>/cmdline is read once per pid, and
// this namespace's fib_trie (one small read) tells whether the container's address is routed.
import type {NetnsAddresses, PublishedPort} from '../../model/netns-addresses.js';
import type {SocketRecord} from '../../model/socket-record.js';
import {
	isDirectlyRouted,
	type ProxiedPort,
	parseDockerProxyCmdline,
	parseFibTrieLinkPrefixes,
} from './docker-proxy.js';
import type {ProcFs} from './proc-fs.js';

const PROXY = 'docker-proxy';

export function createPublishedPorts(root: string, fs: Pick<ProcFs, 'readFileSync'>) {
	const byPid = new Map<number, ProxiedPort | null>();
	return {
		/** ADDRESSES with the ports published for each namespace (unchanged when no proxy runs). */
		attach(
			records: readonly SocketRecord[],
			addresses: readonly NetnsAddresses[],
		): readonly NetnsAddresses[] {
			if (addresses.length === 0) {
				// No other namespace to attach ports to (`--netns host`, a machine without
				// containers): no pass over every record (20,000 at a cold read's serial end).
				// The cache starts over, so a pid reused meanwhile is never taken for its proxy.
				byPid.clear();
				return addresses;
			}
			const pids = new Set<number>();
			for (const record of records)
				if (record.netns === null && (record.state === 'LISTEN' || record.state === 'UNCONN'))
					for (const owner of record.owners) if (owner.process === PROXY) pids.add(owner.pid);
			for (const pid of byPid.keys()) if (!pids.has(pid)) byPid.delete(pid);
			if (pids.size === 0) return addresses;
			const proxied: (ProxiedPort & {pid: number})[] = [];
			for (const pid of pids) {
				let port = byPid.get(pid);
				if (port === undefined) {
					try {
						port = parseDockerProxyCmdline(fs.readFileSync(`${root}/${pid}/cmdline`));
					} catch {
						port = null; // exited meanwhile
					}
					byPid.set(pid, port);
				}
				if (port) proxied.push({...port, pid});
			}
			if (proxied.length === 0) return addresses;
			let prefixes: ReturnType<typeof parseFibTrieLinkPrefixes> = [];
			try {
				prefixes = parseFibTrieLinkPrefixes(fs.readFileSync(`${root}/net/fib_trie`));
			} catch {}
			return addresses.map((entry) => {
				const own = new Set([...entry.ipv4, ...entry.ipv6]);
				const published: PublishedPort[] = proxied
					.filter((port) => own.has(port.containerAddress))
					.sort((a, b) => a.hostPort - b.hostPort || a.pid - b.pid)
					.map((port) => ({...port, containerRouted: isDirectlyRouted(port.containerAddress, prefixes)}));
				return published.length === 0 ? entry : {...entry, published};
			});
		},
	};
}

// Many hosts as one SocketSource: this machine's own source (unless --no-local) and one
// HostLink per `--host`. Each link keeps its host's table current over its own long-lived
// ssh channel; a read returns the union, so the poll store, the differ, row keys (which
// include the host), `--json` events and the dashboard work unchanged. A host that fails
// never stalls the others: only the first read waits, and for each host only until its
// first table or its first failure (bounded by the caller's timeout).
import type {HostStatus} from '../../model/host-status.js';
import {LOCAL_HOST, type SocketRecord, type SourceResult} from '../../model/socket-record.js';
import {type ReadHints, type SocketSource, SourceError} from '../source.js';
import {HostLink, type LinkOptions} from './host-link.js';

export interface HostsSourceOptions extends LinkOptions {
	/** This machine's source, or null with --no-local. */
	readonly local: SocketSource | null;
	readonly hosts: readonly string[];
}

/** A SocketSource over many hosts, with their states; `close()` ends every ssh channel. */
export interface HostsSource extends SocketSource {
	hostStatuses(): readonly HostStatus[];
	/** The link of a remote host (for actions on its rows), or undefined. */
	link(host: string): HostLink | undefined;
	close(): void;
}

export function createHostsSource(options: HostsSourceOptions): HostsSource {
	const links = new Map(options.hosts.map((dest) => [dest, new HostLink(dest, options)] as const));
	let started = false;
	let last: {local: SourceResult | null; versions: string; result: SourceResult} | null = null;
	const localStatus = (): HostStatus | null =>
		options.local === null
			? null
			: {
					host: LOCAL_HOST,
					state: 'live',
					mode: options.local.name,
					since: 0,
					retryAt: null,
					message: null,
					command: null,
					pids: true,
				};
	const hostStatuses = () => {
		const list = [...links.values()].map((link) => link.status());
		const local = localStatus();
		return local === null ? list : [local, ...list];
	};

	return {
		name: options.local?.name ?? 'netstat',
		hostStatuses,
		link: (host) => links.get(host),
		close() {
			for (const link of links.values()) link.stop();
		},
		async read(signal: AbortSignal, hints?: ReadHints): Promise<SourceResult> {
			if (!started) {
				started = true;
				for (const link of links.values()) link.start();
			}
			const localRead = options.local?.read(signal, hints) ?? Promise.resolve(null);
			const [local] = await Promise.all([
				localRead,
				Promise.race([
					Promise.all([...links.values()].map((link) => link.settled)),
					new Promise((resolve) => signal.addEventListener('abort', resolve, {once: true})),
				]),
			]);
			const versions = [...links.values()].map((link) => link.version).join(',');
			// Nothing changed anywhere: the same object, so the differ stops at once.
			if (last !== null && last.local === local && last.versions === versions) return last.result;
			const records: SocketRecord[] = local === null ? [] : [...local.records];
			const warnings: string[] = local === null ? [] : [...local.warnings];
			let skippedLines = local?.skippedLines ?? 0;
			const statuses = hostStatuses();
			for (const link of links.values()) {
				records.push(...link.records());
				skippedLines += link.skippedLines;
			}
			for (const status of statuses)
				if (status.state !== 'live' && status.state !== 'connecting')
					warnings.push(
						`host ${status.host}: ${status.state}${status.message ? `: ${status.message}` : ''}${status.command ? ` (run once by hand: ${status.command})` : ''}`,
					);
			if (
				local === null &&
				links.size > 0 &&
				statuses.every((status) => status.state !== 'live' && status.state !== 'stale')
			)
				throw new SourceError('EXIT', warnings.join('; ') || 'no host answered');
			const result: SourceResult = {
				records,
				unattributed: local?.unattributed ?? 0,
				unattributedCause: local?.unattributedCause ?? null,
				skippedLines,
				warnings,
				hosts: statuses,
				// This machine's namespaces' own addresses (scan targets of its container rows). A
				// remote socktop's are not carried: its --json stream has records only, and
				// namespace ids are per machine (remote rows keep the remote prefill).
				...(local?.netnsAddresses ? {netnsAddresses: local.netnsAddresses} : {}),
			};
			last = {local, versions, result};
			return result;
		},
	};
}

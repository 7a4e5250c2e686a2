import {isLoopbackAddress, isWildcardAddress} from '../../model/address.js';
import type {Snapshot} from '../../store/snapshot.js';

/**
 * Which local process listens on host:port, when host is this machine (loopback or
 * one of its own addresses), for the scan pane's "← nginx (1200)". Only a listener of the
 * namespace that holds the address counts: a container's 127.0.0.1:8080 is not what a scan of
 * this host's 127.0.0.1:8080 reaches, nor a host listener what a scan of the container's reaches.
 */
export function localListener(snapshot: Snapshot, host: string, port: number): string | null {
	// The namespaces holding host (null: socktop's own). Loopback is every namespace's own: the
	// scan reaches socktop's.
	const holders = new Set<number | null>();
	if (isLoopbackAddress(host)) holders.add(null);
	else {
		for (const row of snapshot.rows) if (row.record.localAddress === host) holders.add(row.record.netns);
		for (const own of snapshot.netnsAddresses ?? [])
			if (own.ipv4.includes(host) || own.ipv6.includes(host)) holders.add(own.netns);
	}
	if (holders.size === 0) return null;
	const row = snapshot.rows.find(
		(candidate) =>
			candidate.status !== 'closed' &&
			candidate.record.proto === 'tcp' &&
			candidate.record.state === 'LISTEN' &&
			candidate.record.localPort === port &&
			holders.has(candidate.record.netns) &&
			(isWildcardAddress(candidate.record.localAddress) ||
				candidate.record.localAddress === host ||
				(isLoopbackAddress(host) && isLoopbackAddress(candidate.record.localAddress))),
	);
	if (!row) return null;
	const {pid, process} = row.record;
	return pid === null ? 'a local listener (owner unknown)' : `${process ?? '?'} (${pid})`;
}

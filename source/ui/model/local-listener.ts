import {isLoopbackAddress, isWildcardAddress} from '../../model/address.js';
import type {Snapshot} from '../../store/snapshot.js';

/**
 * Which local process listens on host:port, when host is this machine (loopback or
 * one of its own addresses), for the scan pane's "← nginx (1200)".
 */
export function localListener(snapshot: Snapshot, host: string, port: number): string | null {
	const local = isLoopbackAddress(host) || snapshot.rows.some((row) => row.record.localAddress === host);
	if (!local) return null;
	const row = snapshot.rows.find(
		(candidate) =>
			candidate.status !== 'closed' &&
			candidate.record.proto === 'tcp' &&
			candidate.record.state === 'LISTEN' &&
			candidate.record.localPort === port &&
			(isWildcardAddress(candidate.record.localAddress) ||
				candidate.record.localAddress === host ||
				(isLoopbackAddress(host) && isLoopbackAddress(candidate.record.localAddress))),
	);
	if (!row) return null;
	const {pid, process} = row.record;
	return pid === null ? 'a local listener (owner unknown)' : `${process ?? '?'} (${pid})`;
}

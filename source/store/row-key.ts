import type {SocketRecord} from '../model/socket-record.js';

// A row's identity across polls: the socket's endpoints. State is left out on
// purpose (ESTABLISHED → CLOSE_WAIT is the same socket changing), and so is the
// owner (a pid appearing once we can see it must not look like a new socket).
export function baseKey(record: SocketRecord): string {
	return `${record.proto}${record.family}|${record.localAddress}|${record.localPort}|${record.remoteAddress ?? '*'}|${record.remotePort ?? '*'}`;
}

/**
 * What is known about a row besides its identity; a change here is an update, not a new row.
 * The inode too: a socket closed and another opened on the same endpoints between two polls
 * (a listener re-created) must not keep the old one's number.
 */
export function fingerprint(record: SocketRecord): string {
	const {owners} = record;
	// Most sockets have one owner or none: skip building an array for them.
	const who =
		owners.length === 0
			? ''
			: owners.length === 1
				? `${owners[0]!.pid}/${owners[0]!.process}`
				: owners.map((owner) => `${owner.pid}/${owner.process}`).join(',');
	return `${record.state}|${who}|${record.uid ?? ''}|${record.user ?? ''}|${record.inode ?? ''}`;
}

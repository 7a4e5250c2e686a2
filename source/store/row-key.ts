import type {SocketRecord} from '../model/socket-record.js';

// A row's identity across polls: the socket's endpoints. State is left out on
// purpose (ESTABLISHED → CLOSE_WAIT is the same socket changing), and so is the
// owner (a pid appearing once we can see it must not look like a new socket).
export function baseKey(record: SocketRecord): string {
	return `${record.proto}${record.family}|${record.localAddress}|${record.localPort}|${record.remoteAddress ?? '*'}|${record.remotePort ?? '*'}`;
}

/** What is shown about a row besides its identity; a change here is an update, not a new row. */
export function fingerprint(record: SocketRecord): string {
	const owners = record.owners.map((owner) => `${owner.pid}/${owner.process}`).join(',');
	return `${record.state}|${owners}|${record.uid ?? ''}|${record.user ?? ''}`;
}

/**
 * Gives every record a stable key. Sockets with identical endpoints (SO_REUSEPORT
 * listeners, several TIME_WAITs) get `#2`, `#3`… in a deterministic order so they
 * keep their identity from one poll to the next.
 */
export function assignKeys(records: readonly SocketRecord[]): Map<string, SocketRecord> {
	const groups = new Map<string, SocketRecord[]>();
	for (const record of records) {
		const key = baseKey(record);
		const group = groups.get(key);
		if (group) group.push(record);
		else groups.set(key, [record]);
	}
	const keyed = new Map<string, SocketRecord>();
	for (const [key, group] of groups) {
		if (group.length === 1) {
			keyed.set(key, group[0]!);
			continue;
		}
		group.sort(
			(a, b) =>
				(a.inode ?? 0) - (b.inode ?? 0) || (a.pid ?? 0) - (b.pid ?? 0) || a.state.localeCompare(b.state),
		);
		group.forEach((record, index) => {
			keyed.set(index === 0 ? key : `${key}#${index + 1}`, record);
		});
	}
	return keyed;
}

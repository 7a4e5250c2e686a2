import type {SocketRecord} from '../model/socket-record.js';

// A row's identity across polls: the socket's endpoints. State is left out on
// purpose (ESTABLISHED → CLOSE_WAIT is the same socket changing), and so is the
// owner (a pid appearing once we can see it must not look like a new socket).
export function baseKey(record: SocketRecord): string {
	return `${record.proto}${record.family}|${record.localAddress}|${record.localPort}|${record.remoteAddress ?? '*'}|${record.remotePort ?? '*'}`;
}

/** What is shown about a row besides its identity; a change here is an update, not a new row. */
export function fingerprint(record: SocketRecord): string {
	const {owners} = record;
	// Most sockets have one owner or none: skip building an array for them.
	const who =
		owners.length === 0
			? ''
			: owners.length === 1
				? `${owners[0]!.pid}/${owners[0]!.process}`
				: owners.map((owner) => `${owner.pid}/${owner.process}`).join(',');
	return `${record.state}|${who}|${record.uid ?? ''}|${record.user ?? ''}`;
}

const byIdentity = (a: SocketRecord, b: SocketRecord) =>
	(a.inode ?? 0) - (b.inode ?? 0) || (a.pid ?? 0) - (b.pid ?? 0) || a.state.localeCompare(b.state);

/**
 * Gives every record a stable key. Sockets with identical endpoints (SO_REUSEPORT
 * listeners, several TIME_WAITs) get `#2`, `#3`… in a deterministic order so they
 * keep their identity from one poll to the next. One Map for the common case; the
 * rare shared endpoints are grouped only when they occur (this runs every poll over
 * every socket, so it must not allocate per record).
 */
export function assignKeys(records: readonly SocketRecord[]): Map<string, SocketRecord> {
	const keyed = new Map<string, SocketRecord>();
	let shared: Map<string, SocketRecord[]> | null = null;
	for (const record of records) {
		const key = baseKey(record);
		const first = keyed.get(key);
		if (first === undefined) {
			keyed.set(key, record);
			continue;
		}
		shared ??= new Map();
		const group = shared.get(key);
		if (group) group.push(record);
		else shared.set(key, [first, record]);
	}
	if (shared) {
		for (const [key, group] of shared) {
			group.sort(byIdentity);
			group.forEach((record, index) => {
				keyed.set(index === 0 ? key : `${key}#${index + 1}`, record);
			});
		}
	}
	return keyed;
}

import {LOCAL_HOST, type SocketRecord} from '../model/socket-record.js';

// A row's identity across polls: the socket's endpoints. State is left out on
// purpose (ESTABLISHED → CLOSE_WAIT is the same socket changing), and so is the
// owner (a pid appearing once we can see it must not look like a new socket).
// Host and namespace are part of it: two containers (or two machines) listening on
// 0.0.0.0:80 are two rows. Both are left out for this machine's own namespace, so keys stay short
// (and as they were) in the common case.
export function baseKey(record: SocketRecord): string {
	if (record.host === LOCAL_HOST) return buildKey(record);
	// Another host's records are the same objects from one diff to the next until that host
	// reports a change (HostLink keeps them), while any host's change makes the differ key
	// every row again: 60,000 keys built per change for 3 hosts of 20,000 (bench hosts).
	let key = remoteKeys.get(record);
	if (key === undefined) {
		key = buildKey(record);
		remoteKeys.set(record, key);
	}
	return key;
}

const remoteKeys = new WeakMap<SocketRecord, string>();

function buildKey(record: SocketRecord): string {
	const where =
		record.host === LOCAL_HOST && record.netns === null ? '' : `${record.host}/${record.netns ?? ''}|`;
	// join() gives one flat string; a template literal gives a tree of V8 cons strings (≈5 of
	// 32 B each per key, kept as long as the row: heap snapshot of the dashboard at 1,000
	// connections, 20,931 cons strings for 2,000 sockets with the fingerprints below).
	return [
		`${where}${record.proto}${record.family}`,
		record.localAddress,
		record.localPort,
		record.remoteAddress ?? '*',
		record.remotePort ?? '*',
	].join('|');
}

/**
 * Whether two records of one row say the same: `fingerprint(a) === fingerprint(b)` without
 * building either string. The differ keeps the last records and compares them with this
 * instead of keeping a fingerprint string per socket (≈0.5 KB each with its cons strings:
 * ≈10 MB on the feed worker at 20,000 sockets). Must cover exactly the fields of `fingerprint`
 * (test/store/row-key.test.ts checks the two agree).
 */
export function sameFacts(a: SocketRecord, b: SocketRecord): boolean {
	if (a === b) return true;
	if (
		a.state !== b.state ||
		a.uid !== b.uid ||
		a.user !== b.user ||
		a.inode !== b.inode ||
		a.container !== b.container ||
		a.owners.length !== b.owners.length
	)
		return false;
	for (let i = 0; i < a.owners.length; i++) {
		const x = a.owners[i]!;
		const y = b.owners[i]!;
		if (x.pid !== y.pid || x.process !== y.process) return false;
	}
	return true;
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
	return `${record.state}|${who}|${record.uid ?? ''}|${record.user ?? ''}|${record.inode ?? ''}|${record.container ?? ''}`;
}

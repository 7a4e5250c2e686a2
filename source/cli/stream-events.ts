import type {SocketRecord} from '../model/socket-record.js';
import type {Row} from '../store/snapshot.js';
import {recordToJson} from './record-json.js';

/** Parts of a socket a `change` event can report, with the record fields each covers. */
export type ChangedPart = 'state' | 'owners' | 'user' | 'inode' | 'container';

const PART_FIELDS: Record<ChangedPart, readonly (keyof SocketRecord)[]> = {
	state: ['state'],
	owners: ['pid', 'process', 'owners'],
	user: ['uid', 'user'],
	inode: ['inode'],
	container: ['container'],
};

const sameOwners = (a: SocketRecord['owners'], b: SocketRecord['owners']) =>
	a.length === b.length && a.every((owner, i) => owner.pid === b[i]!.pid && owner.process === b[i]!.process);

/** What differs between two versions of one socket (the parts row-key.ts fingerprints). */
export function changedParts(before: SocketRecord, after: SocketRecord): ChangedPart[] {
	const parts: ChangedPart[] = [];
	if (before.state !== after.state) parts.push('state');
	if (!sameOwners(before.owners, after.owners)) parts.push('owners');
	if (before.uid !== after.uid || before.user !== after.user) parts.push('user');
	if (before.inode !== after.inode) parts.push('inode');
	if (before.container !== after.container) parts.push('container');
	return parts;
}

/** The fields of a row every event carries: its identity, the record, and what is known of its age. */
function rowFields(row: Row): Record<string, unknown> {
	return {
		key: row.key,
		...recordToJson(row.record),
		firstSeen: new Date(row.firstSeen).toISOString(),
		// Already open when socktop started: it opened at some unknown time before firstSeen.
		seenAtStart: row.seenAtStart,
	};
}

export type CloseReason = 'gone' | 'unmatched';

export function openEvent(row: Row): string {
	return JSON.stringify({event: 'open', ...rowFields(row)});
}

/** `reason`: the socket went away, or it no longer matches the filter. */
export function closeEvent(row: Row, reason: CloseReason): string {
	return JSON.stringify({event: 'close', ...rowFields(row), reason});
}

/** The socket's new fields, the parts that changed and their values before. */
export function changeEvent(row: Row, before: SocketRecord): string {
	const changed = changedParts(before, row.record);
	const old = recordToJson(before);
	const previous: Record<string, unknown> = {};
	for (const part of changed) for (const field of PART_FIELDS[part]) previous[field] = old[field];
	return JSON.stringify({event: 'change', ...rowFields(row), changed, previous});
}

export function helloEvent(protocol: number): string {
	return JSON.stringify({event: 'hello', protocol});
}

/** After the first poll's `open` events: the reader now holds the whole table. */
export function syncEvent(): string {
	return JSON.stringify({event: 'sync'});
}

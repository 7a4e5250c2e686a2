import type {SocketRecord} from '../model/socket-record.js';
import type {Row} from '../store/snapshot.js';
import type {SocketEvent} from '../store/socket-events.js';
import {recordToJson} from './record-json.js';

export type {CloseReason} from '../store/socket-events.js';

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

/** The parts that changed and their values before (a `change` event's extra fields). */
function changeFields(
	row: Row,
	before: SocketRecord,
): {changed: ChangedPart[]; previous: Record<string, unknown>} {
	const changed = changedParts(before, row.record);
	const old = recordToJson(before);
	const previous: Record<string, unknown> = {};
	for (const part of changed) for (const field of PART_FIELDS[part]) previous[field] = old[field];
	return {changed, previous};
}

/**
 * An event as `socktop --json` prints it, `--log` writes it and `--alert-exec` hooks read
 * it: `event`, `time` (the poll that saw it, ISO 8601), the socket's fields; a `change`
 * adds `changed` and `previous`, a `close` its `reason`.
 */
export function eventJson(event: SocketEvent): Record<string, unknown> {
	const head = {event: event.kind, time: new Date(event.at).toISOString(), ...rowFields(event.row)};
	switch (event.kind) {
		case 'open':
			return head;
		case 'change':
			return {...head, ...event.final, ...changeFields(event.row, event.before)};
		case 'close':
			// The final counters replace the nulls of the record's bytesSent/bytesReceived.
			return event.final ? {...head, ...event.final, reason: event.reason} : {...head, reason: event.reason};
	}
}

/** One NDJSON line (without the newline). */
export const eventLine = (event: SocketEvent): string => JSON.stringify(eventJson(event));
export function helloEvent(protocol: number): string {
	return JSON.stringify({event: 'hello', protocol});
}

/** After the first poll's `open` events: the reader now holds the whole table. */
export function syncEvent(): string {
	return JSON.stringify({event: 'sync'});
}

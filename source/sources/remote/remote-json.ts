// Reads the `--json` event stream of a remote socktop (source/cli/stream-events.ts writes
// it): a reader that applies open/change/close events holds the remote table. Pure; a
// line it cannot read is reported as null (counted, never thrown).
import {
	makeRecord,
	type SocketOwner,
	type SocketRecord,
	type SocketState,
	STATES,
} from '../../model/socket-record.js';

export type RemoteEvent =
	| {readonly type: 'hello'; readonly protocol: number}
	| {readonly type: 'sync'}
	| {readonly type: 'upsert'; readonly key: string; readonly record: SocketRecord}
	| {readonly type: 'close'; readonly key: string};

const num = (value: unknown): number | null =>
	typeof value === 'number' && Number.isFinite(value) ? value : null;
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function owners(value: unknown): SocketOwner[] {
	if (!Array.isArray(value)) return [];
	const list: SocketOwner[] = [];
	for (const item of value as unknown[]) {
		const o = item as {pid?: unknown; process?: unknown} | null;
		const pid = num(o?.pid);
		const process = str(o?.process);
		if (pid !== null && process !== null) list.push({pid, process});
	}
	return list;
}

/** A record from a remote event's fields, carrying `host` (the remote says `local`). */
function toRecord(event: Record<string, unknown>, host: string): SocketRecord | null {
	const proto = event.proto;
	const family = event.family;
	const state = event.state as SocketState;
	const localAddress = str(event.localAddress);
	const localPort = num(event.localPort);
	if ((proto !== 'tcp' && proto !== 'udp') || (family !== 4 && family !== 6)) return null;
	if (localAddress === null || localPort === null || !STATES.includes(state)) return null;
	return makeRecord({
		proto,
		family,
		localAddress,
		localPort,
		remoteAddress: str(event.remoteAddress),
		remotePort: num(event.remotePort),
		state,
		owners: owners(event.owners),
		uid: num(event.uid),
		user: str(event.user),
		inode: num(event.inode),
		host,
		netns: num(event.netns),
		container: str(event.container),
		containerId: str(event.containerId),
	});
}

export function parseRemoteEvent(line: string, host: string): RemoteEvent | null {
	let event: Record<string, unknown>;
	try {
		event = JSON.parse(line) as Record<string, unknown>;
	} catch {
		return null;
	}
	if (event === null || typeof event !== 'object') return null;
	switch (event.event) {
		case 'hello': {
			const protocol = num(event.protocol);
			return protocol === null ? null : {type: 'hello', protocol};
		}
		case 'sync':
			return {type: 'sync'};
		case 'open':
		case 'change': {
			const key = str(event.key);
			const record = key === null ? null : toRecord(event, host);
			return key === null || record === null ? null : {type: 'upsert', key, record};
		}
		case 'close': {
			const key = str(event.key);
			return key === null ? null : {type: 'close', key};
		}
		default:
			return null;
	}
}

import {makeRecord, type Proto, type SocketRecord, type SocketState} from '../../model/socket-record.js';
import type {Local, Remote} from './endpoints.js';

export interface RecordFields {
	readonly proto: Proto;
	/** Parsed ends (endpoints.ts); the local end also gives the family. */
	readonly local: Local;
	readonly remote: Remote;
	readonly state: SocketState;
	readonly pid: number | null;
	readonly process: string | null;
	readonly uid?: number | null;
	readonly user?: string | null;
	readonly inode?: number | null;
}

/**
 * makeRecord with a known owner. A pid whose name is unknown (Windows before
 * tasklist, older macOS) cannot be a SocketOwner (its name is a string), so
 * the pid is set on the record alone and `owners` stays empty.
 */
export function buildRecord(fields: RecordFields): SocketRecord {
	const {pid, process, local, remote, ...rest} = fields;
	const owners = pid !== null && process !== null ? [{pid, process}] : [];
	const record = makeRecord({
		...rest,
		family: local.family,
		localAddress: local.address,
		localPort: local.port,
		remoteAddress: remote.address,
		remotePort: remote.port,
		owners,
	});
	return pid !== null && process === null ? {...record, pid} : record;
}

/** The same record owned by `process` (used once a pid's name is known). */
export function withProcessName(record: SocketRecord, process: string): SocketRecord {
	if (record.pid === null) return record;
	return makeRecord({...record, owners: [{pid: record.pid, process}]});
}

/** UDP has no state: "connected" when it has a real remote end, else bound only. */
export function udpState(remoteAddress: string | null): SocketState {
	return remoteAddress === null ? 'UNCONN' : 'ESTABLISHED';
}

import type {SocketRecord} from '../model/socket-record.js';
import {NO_TRAFFIC_FIELDS, type TrafficFields} from './traffic-json.js';

/** The JSON form of a record, with a fixed key order so lines diff cleanly. */
export function recordToJson(
	record: SocketRecord,
	traffic: TrafficFields = NO_TRAFFIC_FIELDS,
): Record<string, unknown> {
	return {
		proto: record.proto,
		family: record.family,
		localAddress: record.localAddress,
		localPort: record.localPort,
		remoteAddress: record.remoteAddress,
		remotePort: record.remotePort,
		state: record.state,
		pid: record.pid,
		process: record.process,
		owners: record.owners.map((owner) => ({pid: owner.pid, process: owner.process})),
		uid: record.uid,
		user: record.user,
		inode: record.inode,
		host: record.host,
		netns: record.netns,
		container: record.container,
		containerId: record.containerId ?? null,
		bytesSent: traffic.bytesSent,
		bytesReceived: traffic.bytesReceived,
		acceptQueue: traffic.acceptQueue,
		backlog: traffic.backlog,
		saturated: traffic.saturated,
	};
}

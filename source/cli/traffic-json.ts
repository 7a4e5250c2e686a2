// The traffic fields of the JSON output: cumulative bytes per TCP socket and, for listeners,
// the accept queue against the backlog. Read once (`ss`) for `--once --json`; null where unknown.
import type {FilterLookups} from '../filter/filter.js';
import {errorMessage} from '../model/error-message.js';
import type {SocketRecord} from '../model/socket-record.js';
import type {SsTcpSocket} from '../sources/traffic/parse-ss-tcp.js';
import type {TrafficSource} from '../sources/traffic/traffic-source.js';
import {listenQueue} from '../store/traffic-store.js';

export interface TrafficFields {
	readonly bytesSent: number | null;
	readonly bytesReceived: number | null;
	readonly acceptQueue: number | null;
	readonly backlog: number | null;
	readonly saturated: boolean | null;
}

export const NO_TRAFFIC_FIELDS: TrafficFields = {
	bytesSent: null,
	bytesReceived: null,
	acceptQueue: null,
	backlog: null,
	saturated: null,
};

/** One read of every TCP socket's counters and queues, by inode. */
export interface TrafficTable {
	fieldsOf(record: SocketRecord): TrafficFields;
	readonly lookups: FilterLookups;
}

export function trafficTable(sockets: readonly SsTcpSocket[]): TrafficTable {
	const byInode = new Map(sockets.map((socket) => [socket.inode, socket]));
	const fieldsOf = (record: SocketRecord): TrafficFields => {
		const socket = record.proto === 'tcp' && record.inode !== null ? byInode.get(record.inode) : undefined;
		if (socket === undefined) return NO_TRAFFIC_FIELDS;
		if (record.state === 'LISTEN') {
			const queue = listenQueue(socket);
			return {...NO_TRAFFIC_FIELDS, ...queue};
		}
		return {...NO_TRAFFIC_FIELDS, bytesSent: socket.bytesSent, bytesReceived: socket.bytesReceived};
	};
	return {fieldsOf, lookups: {saturated: (record) => fieldsOf(record).saturated === true}};
}

/** Reads the table, or says why not (one line) and returns null: the records print without it. */
export async function readTrafficTable(
	source: TrafficSource,
	signal: AbortSignal,
): Promise<{table: TrafficTable} | {error: string}> {
	try {
		const reading = await source.read(signal, 'all');
		return {table: trafficTable(reading.sockets)};
	} catch (error) {
		return {error: `traffic counters not read: ${errorMessage(error)}`};
	}
}

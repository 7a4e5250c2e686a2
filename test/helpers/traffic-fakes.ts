// What the traffic store's tests give it in place of ss and the socket table: one TCP socket's
// counters, a socket table the test can replace, and a traffic source that answers each read
// with the next of a script (and, for the idle gate, a probe).
import type {SocketRecord} from '../../source/model/socket-record.js';
import type {SsTcpSocket} from '../../source/sources/traffic/parse-ss-tcp.js';
import type {TrafficProbe, TrafficScope, TrafficSource} from '../../source/sources/traffic/traffic-source.js';
import type {PollStore} from '../../source/store/poll-store.js';
import type {Snapshot} from '../../source/store/snapshot.js';

/** An established TCP socket of INODE with its byte counters. */
export const conn = (inode: number, sent: number, received: number): SsTcpSocket => ({
	state: 'ESTAB',
	recvQ: 0,
	sendQ: 0,
	local: '127.0.0.1:1',
	peer: '127.0.0.1:2',
	inode,
	bytesSent: sent,
	bytesReceived: received,
});

/** A socket table holding RECORDS (only what the traffic store reads of it); `replace` makes a new one. */
export function socketTable(records: SocketRecord[]): {
	store: PollStore;
	replace(list: SocketRecord[]): void;
} {
	const toRows = (list: SocketRecord[]) =>
		list.map((record, i) => ({
			key: String(i),
			record,
			firstSeen: 0,
			seenAtStart: true,
			status: 'open' as const,
			since: 0,
		}));
	let rows = toRows(records);
	const store = {getSnapshot: () => ({rows, lastGoodAt: 1}) as unknown as Snapshot} as PollStore;
	return {
		store,
		replace: (list) => {
			rows = toRows(list);
		},
	};
}

/**
 * Answers each read with the next of READINGS (the last one again once they run out), noting
 * each read's scope in SCOPES; PROBE, when given, is the source's probe.
 */
export function scriptedTraffic(
	readings: SsTcpSocket[][],
	scopes: TrafficScope[] = [],
	probe?: () => Promise<TrafficProbe>,
): TrafficSource {
	let at = 0;
	return {
		read: async (_signal, scope) => {
			scopes.push(scope);
			const sockets = readings[Math.min(at++, readings.length - 1)]!;
			return {sockets, complete: scope === 'all', netDev: null, listen: null, skippedLines: 0};
		},
		...(probe ? {probe} : {}),
	};
}

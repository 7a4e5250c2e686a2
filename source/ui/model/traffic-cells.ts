// What the traffic columns and lines show: rates in human units, `n/a` where the kernel keeps
// no per-socket counters (UDP, platforms without tcp_info), `-` where a TCP socket's counters are
// not known (yet): never a zero that was not measured.
import {LOCAL_HOST, type SocketRecord} from '../../model/socket-record.js';
import type {Row} from '../../store/snapshot.js';
import type {ListenQueue, TrafficSnapshot} from '../../store/traffic-store.js';

/** Bytes per second, at most 5 cells: `0B`, `512B`, `1.5K`, `34K`, `1.2M`, `980M`, `3.1G`. */
export function formatRate(bytesPerSecond: number): string {
	const units = ['B', 'K', 'M', 'G', 'T'];
	let value = Math.max(0, bytesPerSecond);
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	if (unit === 0) return `${Math.round(value)}B`;
	return `${value < 9.95 ? value.toFixed(1) : Math.round(value)}${units[unit]}`;
}

export type Direction = 'in' | 'out';

/**
 * No per-socket counters for this socket: UDP, a platform without tcp_info, or a socket `ss`
 * does not see (counters are read with `ss` on this machine: in socktop's own network namespace,
 * and as root in every other namespace with a process, on full reads).
 */
export const hasNoCounters = (record: SocketRecord, traffic: TrafficSnapshot | undefined) =>
	record.proto === 'udp' ||
	!countersRead(record, traffic) ||
	record.host !== LOCAL_HOST ||
	traffic === undefined ||
	traffic.status === 'unsupported' ||
	traffic.status === 'off';

/** Whether the counters of RECORD's namespace are read: socktop's own, or another one read as root. */
export const countersRead = (record: SocketRecord, traffic: TrafficSnapshot | undefined) =>
	record.netns === null || traffic?.netnsRead?.has(record.netns) === true;

/** A connection's rate, or null when not known (not read yet, one read only, no inode). */
export function rateOf(
	record: SocketRecord,
	traffic: TrafficSnapshot | undefined,
	way: Direction,
): number | null {
	// Inodes are this machine's: another host's row never takes a local socket's rate.
	if (traffic === undefined || record.inode === null || record.proto !== 'tcp' || record.host !== LOCAL_HOST)
		return null;
	const value = traffic.sockets.get(record.inode);
	if (value === undefined) return null;
	return way === 'in' ? value.rateIn : value.rateOut;
}

export function rateCell(row: Row, traffic: TrafficSnapshot | undefined, way: Direction): string {
	if (hasNoCounters(row.record, traffic)) return 'n/a';
	const rate = rateOf(row.record, traffic, way);
	return rate === null ? '-' : formatRate(rate);
}

/** Highest rate first; unknown rates after every known one. */
export function compareRates(a: Row, b: Row, traffic: TrafficSnapshot | undefined, way: Direction): number {
	return (rateOf(b.record, traffic, way) ?? -1) - (rateOf(a.record, traffic, way) ?? -1);
}

export function queueOf(record: SocketRecord, traffic: TrafficSnapshot | undefined): ListenQueue | null {
	if (
		traffic === undefined ||
		record.inode === null ||
		record.state !== 'LISTEN' ||
		record.host !== LOCAL_HOST
	)
		return null;
	return traffic.listeners.get(record.inode) ?? null;
}

/** The mark of a saturated listener: text, so it survives NO_COLOR. */
export const SATURATED_MARK = '!';

/** `3/128`; `!2/1` when saturated; `-` unknown; `n/a` for UDP. */
export function queueCell(row: Row, traffic: TrafficSnapshot | undefined): string {
	if (hasNoCounters(row.record, traffic)) return 'n/a';
	const queue = queueOf(row.record, traffic);
	if (queue === null) return '-';
	return `${queue.saturated ? SATURATED_MARK : ''}${queue.acceptQueue}/${queue.backlog}`;
}

/** Fullest queue first (saturated ones at the top), unknown last. */
export function compareQueues(a: Row, b: Row, traffic: TrafficSnapshot | undefined): number {
	const fill = (row: Row) => {
		const queue = queueOf(row.record, traffic);
		if (queue === null) return -1;
		return queue.backlog === 0 ? queue.acceptQueue : queue.acceptQueue / queue.backlog;
	};
	return fill(b) - fill(a);
}

/** The sort columns whose order moves with the traffic snapshot (pane-data.ts re-sorts for them). */
export const TRAFFIC_SORT_COLUMNS: ReadonlySet<string> = new Set(['rx', 'tx', 'queue']);

/**
 * The columns to lay out: without a traffic store (a dashboard given none) the traffic
 * columns are left out rather than filled with `n/a`; with one, they stay even where the
 * platform has no counters (they say `n/a` there).
 */
export function withTraffic<T extends {readonly id: string}>(
	columns: readonly T[],
	context: {readonly traffic?: TrafficSnapshot},
): readonly T[] {
	return context.traffic === undefined
		? columns.filter((column) => !TRAFFIC_SORT_COLUMNS.has(column.id))
		: columns;
}

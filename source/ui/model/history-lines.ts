import {formatEndpoint} from '../../model/address.js';
import {printable} from '../../model/printable.js';
import type {TimelineEntry} from '../../store/event-timeline.js';
import type {Row} from '../../store/snapshot.js';
import {formatRate} from './traffic-cells.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** Local time of day, `03:12:04`; with the date (`11-29 03:12:04`) when it is not the day of `now`. */
export function clockTime(at: number, now: number): string {
	const d = new Date(at);
	const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
	return new Date(now).toDateString() === d.toDateString()
		? time
		: `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

/** `tcp4 0.0.0.0:8080` or `tcp4 127.0.0.1:8080 → 127.0.0.1:50000`. */
export function socketText(row: Row): string {
	const r = row.record;
	const remote = r.remoteAddress === null ? '' : ` → ${formatEndpoint(r.remoteAddress, r.remotePort)}`;
	return `${r.proto}${r.family} ${formatEndpoint(r.localAddress, r.localPort)}${remote}`;
}

/** What changed, with the value before where it is one field: `state ESTABLISHED→CLOSE_WAIT`. */
function changeText(entry: TimelineEntry): string {
	const {event} = entry;
	const final =
		event.kind === 'open' || !event.final
			? ''
			: `, sent ${formatRate(event.final.bytesSent)} received ${formatRate(event.final.bytesReceived)}`;
	if (event.kind === 'close') return `${event.reason}${final}`;
	if (event.kind !== 'change') return '';
	const before = event.before as unknown as Record<string, unknown>;
	const after = event.row.record as unknown as Record<string, unknown>;
	return entry.changed
		.map((part) => {
			if (part === 'owners') return `process ${before.process ?? '-'}→${after.process ?? '-'}`;
			const was = before[part];
			const now = after[part];
			return typeof now === 'object' || was === undefined
				? part
				: `${part} ${String(was ?? '-')}→${String(now ?? '-')}`;
		})
		.join(', ')
		.concat(final);
}

/** One line of the history view: time, event, socket, state, owner, what changed. */
export function historyLine(entry: TimelineEntry, now: number): string {
	const {event} = entry;
	const r = event.row.record;
	const owner = r.pid === null ? '-' : `${r.process ?? '?'} (${r.pid})`;
	const detail = changeText(entry);
	// The socket's ends last: a narrow terminal cuts the remote address, not what happened.
	return printable(
		`${clockTime(event.at, now)}  ${event.kind.padEnd(6)}  ${r.state}  ${owner}${detail ? `  ${detail}` : ''}  ${socketText(event.row)}`,
	);
}

/**
 * The detail view's lines about the row it was opened on: when it appeared (or that it was
 * already open at start) and its own events, newest first.
 */
export function appearedLines(row: Row, entries: readonly TimelineEntry[], now: number, max = 5): string[] {
	const appeared = row.seenAtStart
		? `appeared: before ${clockTime(row.firstSeen, now)} (already open when socktop started)`
		: `appeared: ${clockTime(row.firstSeen, now)}`;
	const own = entries.filter((entry) => entry.event.row.key === row.key).slice(0, max);
	return [
		`socket:   ${printable(socketText(row))}  ${row.record.state}`,
		appeared,
		...own.map((entry) => `  ${historyLine(entry, now)}`),
	];
}

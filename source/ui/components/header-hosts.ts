// The header's part per watched host (`--host`): its state, how it is read and how many of
// its sockets are open, e.g. `b stale since 12:00:03, reconnecting in 4 s · 120`. A host in
// trouble outranks the others when the line runs short; one that needs a hand says the
// exact ssh command to run once.
import {type HostStatus, hostStatusText} from '../../model/host-status.js';
import {printable} from '../../model/printable.js';
import {LOCAL_HOST} from '../../model/socket-record.js';
import type {Snapshot} from '../../store/snapshot.js';
import {keyFor} from '../keymap.js';
import type {Theme} from '../theme.js';
import type {HeaderPart} from './header-parts.js';

/** Counted once per snapshot: the header renders more often than the rows change. */
const countsOf = new WeakMap<Snapshot, Map<string, number>>();

/** Open sockets per host. */
export function hostCounts(snapshot: Snapshot): Map<string, number> {
	const known = countsOf.get(snapshot);
	if (known) return known;
	const counts = new Map<string, number>();
	for (const row of snapshot.rows)
		if (row.status !== 'closed') counts.set(row.record.host, (counts.get(row.record.host) ?? 0) + 1);
	countsOf.set(snapshot, counts);
	return counts;
}

export function hostParts(snapshot: Snapshot, theme: Theme, now: number): HeaderPart[] {
	const statuses: readonly HostStatus[] = snapshot.hosts ?? [];
	// This machine alone says nothing; one remote host (--no-local) is named, as nothing else is.
	if (statuses.length === 0 || (statuses.length === 1 && statuses[0]!.host === LOCAL_HOST)) return [];
	const counts = hostCounts(snapshot);
	return statuses.map((status) => {
		const count = counts.get(status.host) ?? 0;
		const full = printable(hostStatusText(status, now));
		const host = printable(status.host);
		if (status.state === 'live')
			return {forms: [`${full} ${count}`, `${host} ${count}`], rank: 1, style: null};
		const short = `${host} ${status.state === 'connecting' ? 'connecting' : status.state}`;
		// At 80 columns the full reason (ssh's error, the command to run) does not fit: a
		// short one, then a pointer to the help screen, which lists it whole (hostHelpLines).
		return {
			forms: [
				`${full} ${count}`,
				full,
				...briefForms(status, host),
				...(status.state === 'connecting' ? [] : [`${short} (${keyFor('help')})`]),
				short,
			],
			rank: status.state === 'connecting' ? 2 : 6,
			style: status.state === 'connecting' ? theme.muted : theme.error,
		};
	});
}

/** `b unreachable: Connection refused (? details)`, then `b unreachable (? details)`. */
function briefForms(status: HostStatus, host: string): string[] {
	if (status.state === 'connecting' || status.state === 'live') return [];
	const more = `(${keyFor('help')} details)`;
	const {word, cause} = troubleOf(status);
	return [...(cause ? [`${host} ${word}: ${cause} ${more}`] : []), `${host} ${word} ${more}`];
}

/** A host in trouble in a word or two, and the end of ssh's message (its cause), or ''. */
export function troubleOf(status: HostStatus): {word: string; cause: string} {
	const word =
		status.state === 'auth-failed'
			? 'auth failed'
			: status.state === 'host-key'
				? 'host key unknown'
				: status.state === 'stale'
					? 'stale'
					: status.state === 'connecting'
						? 'connecting'
						: 'unreachable';
	// ssh's message ends with the cause: `ssh: connect to host 10.0.0.5 port 22: Connection refused`.
	const cause = status.message ? printable(status.message.split(': ').at(-1) ?? '') : '';
	return {word, cause};
}

/** The help screen's lines about hosts in trouble: each one's full status, which the header may shorten. */
export function hostHelpLines(snapshot: Snapshot, now: number): {keys: string; help: string}[] {
	const troubled = (snapshot.hosts ?? []).filter(
		(status) => status.state !== 'live' && status.state !== 'connecting',
	);
	if (troubled.length === 0) return [];
	return [
		...troubled.map((status) => ({keys: '', help: printable(hostStatusText(status, now))})),
		{keys: '', help: ''},
	];
}

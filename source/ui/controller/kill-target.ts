import {formatEndpoint} from '../../model/address.js';
import type {Row, Snapshot} from '../../store/snapshot.js';
import {isListening} from '../model/view-row.js';
import type {KillOwner, KillTarget} from '../ui-state.js';
import {isRemote} from './remote-row.js';

/** Every process holding the row's socket, once each, in the source's order. */
export function ownersOf(row: Row): KillOwner[] {
	const {owners, pid, process} = row.record;
	const all = owners.length > 0 ? owners : pid === null ? [] : [{pid, process: process ?? '?'}];
	const seen = new Set<number>();
	return all.filter((owner) => !seen.has(owner.pid) && seen.add(owner.pid));
}

/** What the kill dialog shows: captured when it opens, so a later refresh cannot change a pid. */
export function killTargetFor(row: Row, snapshot: Snapshot): KillTarget {
	const owners = ownersOf(row);
	const pids = new Set(owners.map((owner) => owner.pid));
	// Only the row's own host: the same pid number on another machine is another process.
	const owned = snapshot.rows.filter(
		(candidate) =>
			candidate.status !== 'closed' &&
			candidate.record.host === row.record.host &&
			candidate.record.owners.some((owner) => pids.has(owner.pid)),
	);
	return {
		owners,
		ports: owned
			.filter((candidate) => isListening(candidate.record))
			.map(
				(candidate) =>
					`${candidate.record.proto} ${formatEndpoint(candidate.record.localAddress, candidate.record.localPort)}`,
			),
		connections: owned.filter((candidate) => !isListening(candidate.record)).length,
		...(isRemote(row.record) ? {host: row.record.host} : {}),
	};
}

/** `1200 (nginx)` or `1200 (nginx), 1201 (nginx)`. */
export const ownerNames = (target: KillTarget): string =>
	target.owners.map((owner) => `${owner.pid} (${owner.process})`).join(', ');

// Running as root, a held socket without an owner has two explanations: its process hides its
// /proc/<pid>/fd (another PID namespace, a sandbox, hidepid), or the socket opened or closed
// between the read of the tables and the walk of the fds (a busy server's churn: at 500
// connections a second, a few sockets a poll). Only the first is worth the header's warning, and
// only the first lasts: so a socket counts as unattributed once two reads in a row found no
// owner, and is shown pending (`…`) after the first.
import {isUnattributed} from '../model/attribution.js';
import type {Row} from './snapshot.js';

/** Whether the row's socket was already without an owner in a read before this one. */
export function unownedBefore(old: Row | undefined, unconfirmed: ReadonlySet<string>): boolean {
	if (old === undefined || old.status === 'closed' || !isUnattributed(old.record)) return false;
	// Pending from a tables-only read: its owners were never looked for.
	return !old.ownersPending || unconfirmed.has(old.key);
}

/**
 * Marks the rows of `firstUnowned` (no owner found for the first time) pending, and ends the
 * pending mark of last read's unconfirmed rows that this read did not find unowned for the first
 * time: they have an owner now, or were found without one twice, or closed. Changes `rows`.
 */
export function unconfirmedOwners(
	rows: Map<string, Row>,
	firstUnowned: readonly string[],
	before: ReadonlySet<string>,
): {unconfirmed: ReadonlySet<string>; changed: boolean} {
	const unconfirmed = new Set<string>();
	let changed = false;
	for (const key of firstUnowned) {
		const row = rows.get(key);
		if (row === undefined || unconfirmed.has(key)) continue;
		unconfirmed.add(key);
		if (!row.ownersPending) {
			rows.set(key, {...row, ownersPending: true});
			changed = true;
		}
	}
	for (const key of before) {
		if (unconfirmed.has(key)) continue;
		const row = rows.get(key);
		if (row?.ownersPending) {
			rows.set(key, {...row, ownersPending: false});
			changed = true;
		}
	}
	return {unconfirmed, changed};
}

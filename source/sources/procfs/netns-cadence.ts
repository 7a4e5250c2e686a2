// Pure: which of the other network namespaces to read in this poll.
//
// Reading one namespace's /proc/<pid>/net/tcp costs about as much kernel time as the host's
// own table even when the namespace holds one socket: the kernel walks the host-wide socket
// hash and prints only that namespace's entries (docs/namespaces.md: 13–35 ms per table with
// 40k host sockets). 50 containers cannot all be read every 2 s on such a host, so:
// - a namespace never read, or whose set of processes changed, is read at once;
// - the others are read oldest first while the time spent on them stays within the budget,
//   and at least one per poll, so every namespace comes round.
// The budget follows the host table's own cost (a poll with namespaces costs at most about
// `share` more than one without), with a floor so small hosts read every namespace each poll.

export interface NamespaceTurn {
	readonly key: number;
	/** Its pids, as text: a change means processes came or went, and the namespace is re-read. */
	readonly signature: string;
}

export interface NamespaceHistory {
	/** When it was last read (ms), and the pid signature then. */
	readonly readAt: number;
	readonly signature: string;
	/** What reading it cost last time (ms). */
	readonly costMs: number;
}

export interface CadenceOptions {
	/** What this poll's read of the host namespace cost (ms). */
	readonly hostCostMs: number;
	/** The budget for the other namespaces, as a share of the host's cost. */
	readonly share?: number;
	/** The budget is never below this (ms). */
	readonly floorMs?: number;
}

export const DEFAULT_SHARE = 0.45;
export const DEFAULT_FLOOR_MS = 10;

/** The keys to read now, urgent ones (new, changed) first, then oldest first within the budget. */
export function chooseReads(
	turns: readonly NamespaceTurn[],
	history: ReadonlyMap<number, NamespaceHistory>,
	options: CadenceOptions,
): number[] {
	const budget = Math.max(
		options.floorMs ?? DEFAULT_FLOOR_MS,
		(options.share ?? DEFAULT_SHARE) * options.hostCostMs,
	);
	const chosen: number[] = [];
	let spent = 0;
	const waiting: {key: number; past: NamespaceHistory}[] = [];
	for (const turn of turns) {
		const past = history.get(turn.key);
		if (past === undefined || past.signature !== turn.signature) {
			chosen.push(turn.key);
			spent += past?.costMs ?? 0;
		} else waiting.push({key: turn.key, past});
	}
	waiting.sort((a, b) => a.past.readAt - b.past.readAt || a.key - b.key);
	let took = 0; // at least one waiting namespace per poll, even when urgent ones used the budget
	for (const {key, past} of waiting) {
		if (took > 0 && spent + past.costMs > budget) break;
		took++;
		chosen.push(key);
		spent += past.costMs;
	}
	return chosen;
}

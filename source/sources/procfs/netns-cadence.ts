// Pure: which of the other network namespaces to read in this poll.
//
// Reading one namespace's /proc/<pid>/net/tcp costs about as much kernel time as the host's
// own table even when the namespace holds one socket: the kernel walks the host-wide socket
// hash and prints only that namespace's entries (docs/namespaces.md: 13–35 ms per table with
// 40k host sockets; 7 ms of CPU per table with 24k). 50 containers cannot all be read every
// 2 s on such a host, so:
// - a namespace never read, or whose set of processes changed, is read at once;
// - the others are read oldest first while the time spent on them stays within the budget,
//   and at least one per poll, so every namespace comes round;
// - and however small the budget, enough of the oldest are read each poll that none waits
//   longer than `maxAgeMs`, or 5 polls when they come further apart (read the same number each
//   poll rather than all at once when the bound is reached: the cost stays even).
// The budget follows the host table's own cost (a poll with namespaces costs at most about
// `share` more than one without), with a floor (ms per poll). The host's table alone is a
// poor guide: QA saw 28 namespaces read one per 2 s poll (data 50 s old) on a host whose own
// table was small while other namespaces' sockets filled the kernel's hash. The floor reads
// every namespace each poll when they are cheap, and the age bound holds when they are not.

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
	/** Now (ms, the clock of `readAt`), for the age bound; without it there is none. */
	readonly now?: number;
	/** The time between the last poll and this one (ms): the next poll is expected as far ahead. */
	readonly pollGapMs?: number | null;
	/** No namespace's data gets older than this (ms) by the next poll, whatever the budget. */
	readonly maxAgeMs?: number;
}

export const DEFAULT_SHARE = 0.45;
/** ms per poll: 30 namespaces at 0.3 ms each (no TCP walk needed, docs/namespaces.md) fit. */
export const DEFAULT_FLOOR_MS = 25;
/** 10 polls at the default 2 s interval. */
export const DEFAULT_MAX_AGE_MS = 20_000;
/** The age bound is at least this many polls (see dueForAge). */
export const AGE_POLLS = 5;

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
	const due = dueForAge(waiting, options);
	let took = 0; // at least one waiting namespace per poll, even when urgent ones used the budget
	for (const {key, past} of waiting) {
		if (took >= due && took > 0 && spent + past.costMs > budget) break;
		took++;
		chosen.push(key);
		spent += past.costMs;
	}
	return chosen;
}

/**
 * How many of the oldest waiting namespaces must be read now for the age bound: those that
 * would pass it by the next poll, and at least the steady share (all of them every
 * `maxAge − gap`), so the reads spread over the polls instead of bunching when the bound nears.
 */
function dueForAge(waiting: readonly {past: NamespaceHistory}[], options: CadenceOptions): number {
	const {now, pollGapMs} = options;
	if (now === undefined || waiting.length === 0) return 0;
	const gap = Math.max(0, pollGapMs ?? 0);
	// Never fewer than AGE_POLLS polls: when polls come late (a loaded machine: 5–10 s apart at
	// load 20 in the bench), reading every namespace each poll would make them later still.
	const maxAge = Math.max(options.maxAgeMs ?? DEFAULT_MAX_AGE_MS, AGE_POLLS * gap);
	let overdue = 0;
	for (const {past} of waiting) if (now + gap - past.readAt > maxAge) overdue++;
	if (!pollGapMs || pollGapMs <= 0) return overdue;
	// The age a namespace reaches is about (waiting / perPoll) polls; keep that within maxAge − gap.
	const window = maxAge - gap;
	const steady = window <= gap ? waiting.length : Math.ceil((waiting.length * gap) / window);
	return Math.min(waiting.length, Math.max(overdue, steady));
}

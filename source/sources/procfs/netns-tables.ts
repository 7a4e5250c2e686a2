// The socket tables of the other network namespaces: each read once per turn through one of
// its processes (/proc/<pid>/net/*), on the cadence of netns-cadence.ts, and kept between
// turns. A namespace whose process exits between the census and the read costs only its own
// rows: the next pid is tried, and when none is left the namespace is dropped without error.
import {chooseReads, type NamespaceHistory} from './netns-cadence.js';
import type {CensusNamespace, CensusTaker} from './netns-census.js';
import type {ProcNetEntry} from './parse-proc-net.js';

/** A namespace's entries as of its last read. */
export interface NamespaceTable {
	readonly namespace: CensusNamespace;
	readonly entries: readonly ProcNetEntry[];
	readonly skippedLines: number;
	readonly readAt: number;
	/** The namespace's own addresses (for scan targets), when its parse gave them. */
	readonly addresses: NamespaceOwnAddresses;
}

export interface NamespaceOwnAddresses {
	readonly ipv4: readonly string[];
	readonly ipv6: readonly string[];
}

const NO_ADDRESSES: NamespaceOwnAddresses = {ipv4: [], ipv6: []};

export interface NamespaceReadResult {
	readonly tables: readonly NamespaceTable[];
	/** Whether any table differs from the last call's (read anew with other text, added, dropped). */
	readonly changed: boolean;
	/** How many of them were read in this call. */
	readonly readNow: number;
	/** The longest a namespace went unread between two reads, over the current ones (ms). */
	readonly maxGapMs: number;
}

export interface NamespaceTablesOptions {
	readonly root: string;
	readonly census: CensusTaker;
	readonly now: () => number;
	/** The raw texts of a namespace's tables from `netDir` (`<root>/<pid>/net`); rejects when gone. */
	readonly readTexts: (netDir: string, signal: AbortSignal) => Promise<string[]>;
	/** Entries (and skipped lines) from the texts of one namespace. */
	readonly parse: (
		texts: readonly string[],
		netDir: string,
		signal: AbortSignal,
	) => Promise<{entries: ProcNetEntry[]; skippedLines: number; addresses?: NamespaceOwnAddresses}>;
	readonly share?: number;
	readonly floorMs?: number;
	/** The age bound of netns-cadence.ts (ms). */
	readonly maxAgeMs?: number;
}

interface Kept extends NamespaceHistory {
	texts: readonly string[];
	table: NamespaceTable;
	gapMs: number;
}

export function createNamespaceTables(options: NamespaceTablesOptions) {
	const {root, census, now} = options;
	const kept = new Map<number, Kept>();
	let lastCallAt: number | null = null;
	let recentGaps: number[] = [];

	/** One namespace read through its first pid that is still in it; null when none is. */
	const readOne = async (namespace: CensusNamespace, signal: AbortSignal) => {
		for (const pid of namespace.pids) {
			const netDir = `${root}/${pid}/net`;
			let texts: string[];
			try {
				texts = await options.readTexts(netDir, signal);
			} catch {
				signal.throwIfAborted();
				continue; // exited meanwhile (ENOENT, ESRCH): try the next process
			}
			// The pid may have exited and been reused by a process elsewhere: check it is still here.
			if (census.keyOf(pid) !== namespace.key) continue;
			return {texts, netDir};
		}
		return null;
	};

	return {
		async read(
			wanted: readonly CensusNamespace[],
			hostCostMs: number,
			signal: AbortSignal,
		): Promise<NamespaceReadResult> {
			let changed = false;
			const current = new Set(wanted.map((namespace) => namespace.key));
			for (const key of kept.keys())
				if (!current.has(key)) {
					kept.delete(key);
					changed = true;
				}
			const signatures = new Map(wanted.map((namespace) => [namespace.key, namespace.pids.join(',')]));
			const turns = wanted.map((namespace) => ({
				key: namespace.key,
				signature: signatures.get(namespace.key)!,
			}));
			const callAt = now();
			if (lastCallAt !== null) recentGaps = [...recentGaps.slice(-2), callAt - lastCallAt];
			lastCallAt = callAt;
			// The next poll is expected as far ahead as the longest of the last three gaps: on a
			// loaded machine polls come late, and the age bound must hold through the late ones.
			const pollGapMs = recentGaps.length === 0 ? null : Math.max(...recentGaps);
			const chosen = new Set(
				chooseReads(turns, kept, {
					hostCostMs,
					share: options.share,
					floorMs: options.floorMs,
					maxAgeMs: options.maxAgeMs,
					now: callAt,
					pollGapMs,
				}),
			);
			let readNow = 0;
			for (const namespace of wanted) {
				if (!chosen.has(namespace.key)) continue;
				signal.throwIfAborted();
				const started = performance.now();
				const at = now();
				const got = await readOne(namespace, signal);
				const past = kept.get(namespace.key);
				if (got === null) {
					if (past) changed = true;
					kept.delete(namespace.key);
					continue;
				}
				readNow++;
				const same = past !== undefined && got.texts.every((text, i) => text === past.texts[i]);
				const parsed = same ? past!.table : await options.parse(got.texts, got.netDir, signal);
				if (!same) changed = true;
				const table: NamespaceTable = {
					namespace,
					entries: parsed.entries,
					skippedLines: parsed.skippedLines,
					readAt: at,
					addresses: parsed.addresses ?? NO_ADDRESSES,
				};
				if (past && past.table.namespace.name !== namespace.name) changed = true;
				kept.set(namespace.key, {
					readAt: at,
					signature: signatures.get(namespace.key)!,
					costMs: performance.now() - started,
					texts: got.texts,
					table,
					gapMs: past ? at - past.readAt : 0,
				});
			}
			const tables: NamespaceTable[] = [];
			let maxGapMs = 0;
			for (const namespace of wanted) {
				const entry = kept.get(namespace.key);
				if (!entry) continue;
				tables.push(entry.table.namespace === namespace ? entry.table : {...entry.table, namespace});
				maxGapMs = Math.max(maxGapMs, entry.gapMs, now() - entry.readAt);
			}
			return {tables, changed, readNow, maxGapMs};
		},
	};
}

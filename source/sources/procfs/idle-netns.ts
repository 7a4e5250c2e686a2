// The tables of the named namespaces that no process is in (netns-census.ts: `idle`), read
// through a spawn (named-netns-read.ts) rather than /proc/<pid>/net. A spawn costs 0.1–0.2 s
// of wall time here, 10× a /proc read, so it stays off the poll:
// - a namespace seen for the first time is read at once and waited for (so `--once` has it);
// - after that it is re-read in the background once its data is `refreshMs` old; the poll
//   never waits for that read, and the next poll after it finishes takes its result.
// A read that fails keeps nothing (its rows go) and is tried again after `refreshMs`; its
// message is kept for the user (netns-view.ts).
import {errorMessage} from '../../model/error-message.js';
import {NamespaceGone} from './named-netns-read.js';
import type {CensusNamespace} from './netns-census.js';
import type {NamespaceTable, NamespaceTablesOptions} from './netns-tables.js';

export interface IdleNetnsOptions {
	/** The six texts of the namespace mounted at `<netnsDir>/<name>` (see named-netns-read.ts). */
	readonly read: (name: string, signal: AbortSignal) => Promise<string[]>;
	readonly parse: NamespaceTablesOptions['parse'];
	readonly now: () => number;
	/** How old an idle namespace's data may get before a background re-read (ms). */
	readonly refreshMs?: number;
	/** A read still running after this is stopped (ms). */
	readonly timeoutMs?: number;
}

export const IDLE_REFRESH_MS = 5000;
const IDLE_TIMEOUT_MS = 10_000;
/**
 * At most this many spawns at once, first reads and background ones alike. All at once, 50
 * idle namespaces put 50 abort listeners on the poll's signal (Node printed a
 * MaxListenersExceededWarning on `--once`'s stderr) and 50 processes on 2 cores.
 */
export const IDLE_READS_AT_ONCE = 4;

interface Kept {
	readonly texts: readonly string[];
	readonly table: NamespaceTable;
}

export interface IdleRead {
	readonly tables: readonly NamespaceTable[];
	/** Whether any table differs from the last call's. */
	readonly changed: boolean;
	/** Why some namespaces could not be read (one line each). */
	readonly problems: readonly string[];
}

export function createIdleNetns(options: IdleNetnsOptions) {
	const {now} = options;
	const refreshMs = options.refreshMs ?? IDLE_REFRESH_MS;
	const timeoutMs = options.timeoutMs ?? IDLE_TIMEOUT_MS;
	const kept = new Map<number, Kept>();
	/** When each namespace's last read started (ms), done or not. */
	const triedAt = new Map<number, number>();
	const failed = new Map<number, string>();
	const running = new Set<number>();
	let dirty = false;

	const readInto = async (namespace: CensusNamespace, signal: AbortSignal): Promise<void> => {
		const {key} = namespace;
		triedAt.set(key, now());
		running.add(key);
		try {
			const texts = await options.read(namespace.name!, signal);
			const past = kept.get(key);
			if (past !== undefined && texts.every((text, i) => text === past.texts[i])) {
				kept.set(key, {texts, table: {...past.table, readAt: now()}});
				return;
			}
			const parsed = await options.parse(texts, '', signal);
			kept.set(key, {
				texts,
				table: {
					namespace,
					entries: parsed.entries,
					skippedLines: parsed.skippedLines,
					readAt: now(),
					addresses: parsed.addresses ?? {ipv4: [], ipv6: []},
				},
			});
			failed.delete(key);
			dirty = true;
		} catch (error) {
			if (kept.delete(key)) dirty = true;
			// A namespace deleted meanwhile only loses its rows; anything else is said.
			if (error instanceof NamespaceGone) failed.delete(key);
			else failed.set(key, errorMessage(error));
		} finally {
			running.delete(key);
		}
	};

	return {
		async read(idle: readonly CensusNamespace[], signal: AbortSignal): Promise<IdleRead> {
			const current = new Set(idle.map((namespace) => namespace.key));
			for (const map of [kept, triedAt, failed])
				for (const key of map.keys())
					if (!current.has(key)) {
						if (map === kept) dirty = true;
						map.delete(key);
					}
			const first = idle.filter((namespace) => !triedAt.has(namespace.key));
			let next = 0;
			const reader = async () => {
				while (next < first.length) await readInto(first[next++]!, signal);
			};
			await Promise.all(Array.from({length: Math.min(IDLE_READS_AT_ONCE, first.length)}, reader));
			for (const namespace of idle) {
				if (running.size >= IDLE_READS_AT_ONCE) break; // the rest at a later poll
				const at = triedAt.get(namespace.key);
				if (running.has(namespace.key) || at === undefined || now() - at < refreshMs) continue;
				// Not awaited: the next poll takes the result. Its own bound, not the poll's signal.
				void readInto(namespace, AbortSignal.timeout(timeoutMs));
			}
			const changed = dirty;
			dirty = false;
			const tables: NamespaceTable[] = [];
			const problems: string[] = [];
			for (const namespace of idle) {
				const entry = kept.get(namespace.key);
				if (entry)
					tables.push(entry.table.namespace === namespace ? entry.table : {...entry.table, namespace});
				const problem = failed.get(namespace.key);
				if (problem !== undefined) problems.push(problem);
			}
			return {tables, changed, problems};
		},
		/** Resolves when no background read runs (tests). */
		async settled(): Promise<void> {
			while (running.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
		},
	};
}

import type {SourceResult} from '../model/socket-record.js';
import {type SocketSource, SourceError, toSourceError} from '../sources/source.js';
import {type Clock, systemClock} from './clock.js';
import {assignKeys, fingerprint} from './row-key.js';
import type {Row, Snapshot} from './snapshot.js';

export interface PollStoreOptions {
	readonly source: SocketSource;
	readonly intervalMs: number;
	/** Bound on one poll; defaults to the interval, at least 1 s. */
	readonly timeoutMs?: number;
	readonly clock?: Clock;
	/** How long a new row is marked new, and a closed row kept (dimmed). */
	readonly highlightMs?: number;
}

export interface PollStats {
	readonly polls: number;
	readonly failures: number;
	readonly lastDurationMs: number | null;
	readonly lastPollAt: number | null;
	readonly inFlight: boolean;
}

export interface PollStore {
	start(): void;
	stop(): void;
	/** Polls now (or right after the poll in flight). Resolves when that poll is published. */
	refresh(): Promise<void>;
	subscribe(listener: () => void): () => void;
	getSnapshot(): Snapshot;
	/** Figures that change every poll, kept out of the snapshot so an unchanged poll re-renders nothing. */
	getStats(): PollStats;
}

export const DEFAULT_HIGHLIGHT_MS = 5000;
/** Rows merged between turns of the event loop. */
const MERGE_SLICE = 5000;

interface Tracked {
	row: Row;
	print: string;
}

export function createPollStore(options: PollStoreOptions): PollStore {
	const {source, intervalMs} = options;
	const clock = options.clock ?? systemClock;
	const timeoutMs = options.timeoutMs ?? Math.max(1000, intervalMs);
	const highlightMs = options.highlightMs ?? DEFAULT_HIGHLIGHT_MS;

	const listeners = new Set<() => void>();
	let tracked = new Map<string, Tracked>();
	let snapshot: Snapshot = {
		version: 0,
		source: source.name,
		rows: [],
		added: [],
		removed: [],
		updatedAt: null,
		lastGoodAt: null,
		error: null,
		stale: false,
		loading: true,
		unattributed: 0,
		skippedLines: 0,
		warnings: [],
	};
	let stats: PollStats = {polls: 0, failures: 0, lastDurationMs: null, lastPollAt: null, inFlight: false};
	let running = false;
	let stopped = false;
	let timer: unknown = null;
	let inFlight: Promise<void> | null = null;
	let refreshAfter: Promise<void> | null = null;
	let controller: AbortController | null = null;

	const publish = (next: Snapshot) => {
		snapshot = next;
		for (const listener of [...listeners]) listener();
	};

	const schedule = (delay: number) => {
		if (!running) return;
		if (timer !== null) clock.clearTimeout(timer);
		timer = clock.setTimeout(() => {
			timer = null;
			void pollOnce();
		}, delay);
	};

	/**
	 * Merges a good result into the tracked rows; `changed` is true when anything visible
	 * changed. Big tables are merged in slices with a turn of the event loop between them,
	 * so key presses are not held up behind a poll of 100,000 sockets. Null when stopped
	 * meanwhile (nothing is merged then).
	 */
	const applyResult = async (
		result: SourceResult,
		now: number,
	): Promise<{changed: boolean; added: string[]; removed: string[]} | null> => {
		const first = snapshot.lastGoodAt === null;
		const incoming = assignKeys(result.records);
		const next = new Map<string, Tracked>();
		const added: string[] = [];
		const removed: string[] = [];
		let changed = first;
		let count = 0;
		for (const [key, record] of incoming) {
			if (++count % MERGE_SLICE === 0) {
				await new Promise<void>((resolve) => setImmediate(resolve));
				if (stopped) return null;
			}
			const print = fingerprint(record);
			const old = tracked.get(key);
			if (!old || old.row.status === 'closed') {
				// A socket reappearing within the fade window counts as new again.
				const status = first ? 'open' : 'new';
				next.set(key, {row: {key, record, firstSeen: now, status, since: now}, print});
				if (!first) added.push(key);
				changed = true;
				continue;
			}
			const expired = old.row.status === 'new' && now - old.row.since >= highlightMs;
			if (old.print === print && !expired) {
				next.set(key, old);
				continue;
			}
			changed = true;
			next.set(key, {
				row: {
					...old.row,
					record,
					status: expired ? 'open' : old.row.status,
					since: expired ? now : old.row.since,
				},
				print,
			});
		}
		for (const [key, old] of tracked) {
			if (next.has(key)) continue;
			if (old.row.status !== 'closed') {
				removed.push(key);
				changed = true;
				next.set(key, {row: {...old.row, status: 'closed', since: now}, print: old.print});
			} else if (now - old.row.since < highlightMs) {
				next.set(key, old);
			} else {
				changed = true; // faded out
			}
		}
		tracked = next;
		return {changed, added, removed};
	};

	const sameList = (a: readonly string[], b: readonly string[]) =>
		a.length === b.length && a.every((value, index) => value === b[index]);

	const onSuccess = async (result: SourceResult, now: number) => {
		const merged = await applyResult(result, now);
		if (merged === null) return;
		const {changed, added, removed} = merged;
		const metaChanged =
			snapshot.error !== null ||
			snapshot.loading ||
			snapshot.unattributed !== result.unattributed ||
			snapshot.skippedLines !== result.skippedLines ||
			!sameList(snapshot.warnings, result.warnings);
		if (!changed && !metaChanged) return; // same object: nothing to re-render
		publish({
			...snapshot,
			version: snapshot.version + 1,
			rows: changed ? [...tracked.values()].map((entry) => entry.row) : snapshot.rows,
			added,
			removed,
			updatedAt: now,
			lastGoodAt: now,
			error: null,
			stale: false,
			loading: false,
			unattributed: result.unattributed,
			skippedLines: result.skippedLines,
			warnings: result.warnings,
		});
	};

	const onFailure = (error: SourceError, now: number) => {
		const stale = snapshot.lastGoodAt !== null;
		if (snapshot.error === error.message && snapshot.stale === stale && !snapshot.loading) return;
		publish({
			...snapshot,
			version: snapshot.version + 1,
			added: [],
			removed: [],
			updatedAt: now,
			error: error.message,
			stale,
			loading: false,
		});
	};

	const runPoll = async (): Promise<void> => {
		const started = clock.now();
		controller = new AbortController();
		const abort = controller;
		const timeoutError = new SourceError('TIMEOUT', `${source.name} did not answer within ${timeoutMs} ms`);
		let timedOut = false;
		const reading = Promise.resolve().then(() => source.read(abort.signal));
		// Publish the timeout as soon as it happens, but only return (and so allow the
		// next poll) once the read has really settled: polls never overlap, even when
		// a source ignores its abort signal.
		const timeout = clock.setTimeout(() => {
			timedOut = true;
			abort.abort();
			if (!stopped) onFailure(timeoutError, clock.now());
		}, timeoutMs);
		let outcome: {result: SourceResult} | {error: SourceError};
		try {
			outcome = {result: await reading};
		} catch (error) {
			outcome = {error: toSourceError(error)};
		}
		clock.clearTimeout(timeout);
		controller = null;
		const finished = clock.now();
		// A poll cut short by stop() is neither a poll nor a failure.
		if (!stopped) {
			const failed = timedOut || 'error' in outcome;
			stats = {
				...stats,
				polls: stats.polls + 1,
				failures: stats.failures + (failed ? 1 : 0),
				lastDurationMs: finished - started,
				lastPollAt: finished,
			};
		}
		if (stopped || timedOut) return;
		if ('error' in outcome) onFailure(outcome.error, finished);
		else await onSuccess(outcome.result, finished);
	};

	const pollOnce = (): Promise<void> => {
		if (inFlight) return inFlight;
		const started = clock.now();
		stats = {...stats, inFlight: true};
		inFlight = runPoll().finally(() => {
			inFlight = null;
			stats = {...stats, inFlight: false};
			// Keep the cadence when healthy; after a failure wait a whole interval so a
			// struggling source (or machine) is not hammered back to back.
			const elapsed = clock.now() - started;
			schedule(snapshot.error === null ? Math.max(0, intervalMs - elapsed) : intervalMs);
		});
		return inFlight;
	};

	return {
		start() {
			if (running) return;
			running = true;
			stopped = false;
			void pollOnce();
		},
		stop() {
			running = false;
			stopped = true;
			if (timer !== null) clock.clearTimeout(timer);
			timer = null;
			controller?.abort();
		},
		refresh() {
			if (!inFlight) {
				if (timer !== null) clock.clearTimeout(timer);
				timer = null;
				return pollOnce();
			}
			refreshAfter ??= inFlight.then(() => {
				refreshAfter = null;
				if (timer !== null) clock.clearTimeout(timer);
				timer = null;
				return pollOnce();
			});
			return refreshAfter;
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		getSnapshot: () => snapshot,
		getStats: () => stats,
	};
}

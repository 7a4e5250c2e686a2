import {setImmediate as nextTurn} from 'node:timers/promises';
import {isUnattributed} from '../model/attribution.js';
import {type Clock, systemClock} from '../model/clock.js';
import {sameHostStatuses} from '../model/host-status.js';
import {sameNetnsAddresses} from '../model/netns-addresses.js';
import {type SocketSource, SourceError, toSourceError} from '../sources/source.js';
import {type DeltaFeed, inThreadFeed} from './delta-feed.js';
import {unconfirmedOwners, unownedBefore} from './owner-recheck.js';
import {FIRST_POLL_TIMEOUT_MS} from './poll-bounds.js';
import {type PendingDelta, type RecordDelta, SLICE_ROWS} from './record-differ.js';
import {sameFacts} from './row-key.js';
import type {Row, Snapshot} from './snapshot.js';

interface PollStoreCommon {
	readonly intervalMs: number;
	/** Bound on one poll once there is data; defaults to the interval, at least 1 s. */
	readonly timeoutMs?: number;
	/**
	 * Bound on a poll while there is no data yet (the first one, and retries after it
	 * failed); defaults to FIRST_POLL_TIMEOUT_MS or `timeoutMs`, whichever is longer.
	 * A cold read of a busy machine can take seconds: cutting it short leaves an empty screen.
	 */
	readonly firstTimeoutMs?: number;
	readonly clock?: Clock;
	/** How long a new row is marked new, and a closed row kept (dimmed). */
	readonly highlightMs?: number;
	/**
	 * Tables first: while there is no data, a read asks for the socket tables only
	 * (ReadHints.ownersLater), so the first frame does not wait for the owner walk; a source
	 * that honours it gets a second read at once, with owners. Default false (one full read).
	 */
	readonly tablesFirst?: boolean;
}

/** Either a source (read and diffed on this thread) or a feed of deltas (e.g. from a worker thread). */
export type PollStoreOptions = PollStoreCommon &
	(
		| {readonly source: SocketSource; readonly feed?: never}
		| {readonly feed: DeltaFeed; readonly source?: never}
	);

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
/** How often `waitingMs` moves while the first data is awaited. */
const PROGRESS_MS = 1000;

export function createPollStore(options: PollStoreOptions): PollStore {
	const {intervalMs} = options;
	const feed = options.feed ?? inThreadFeed(options.source);
	const clock = options.clock ?? systemClock;
	const timeoutMs = options.timeoutMs ?? Math.max(1000, intervalMs);
	const firstTimeoutMs = options.firstTimeoutMs ?? Math.max(FIRST_POLL_TIMEOUT_MS, timeoutMs);
	const highlightMs = options.highlightMs ?? DEFAULT_HIGHLIGHT_MS;
	const tablesFirst = options.tablesFirst ?? false;

	const listeners = new Set<() => void>();
	// Every row shown, open or recently closed; insertion order is the snapshot's order.
	const rows = new Map<string, Row>();
	// Keys of the rows marked new and of the closed ones still shown: a poll visits only
	// these and the delta's rows, not the whole table.
	const fresh = new Set<string>();
	const closing = new Set<string>();
	// Keys of rows whose owners a tables-only delta left pending: the next full one clears them.
	const pendingOwners = new Set<string>();
	// As root, keys of held sockets the last read found no owner for, shown pending until a
	// second read agrees (unconfirmedOwners in owner-recheck.ts).
	let unconfirmed: ReadonlySet<string> = new Set<string>();
	let snapshot: Snapshot = {
		version: 0,
		source: feed.name,
		rows: [],
		added: [],
		removed: [],
		changed: [],
		updatedAt: null,
		lastGoodAt: null,
		error: null,
		stale: false,
		loading: true,
		waitingMs: 0,
		unattributed: 0,
		unattributedCause: null,
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
	/** Clears the running poll's deadline and progress timers; null between polls. */
	let dropTimers: (() => void) | null = null;

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
	 * Applies a delta to the rows; `changed` is true when anything visible changed. A big
	 * delta (the first poll of 100,000 sockets) is applied in slices with a turn of the
	 * event loop between them. Null when stopped meanwhile.
	 */
	const applyDelta = async (
		delta: RecordDelta,
		now: number,
	): Promise<{changed: boolean; added: string[]; removed: string[]; updated: string[]} | null> => {
		const first = snapshot.lastGoodAt === null;
		const added: string[] = [];
		const removed: string[] = [];
		const updated: string[] = [];
		let changed = first;
		// Which rows a full delta still holds; the first one holds every row there is.
		const present = delta.full && !first ? new Set<string>() : null;
		// A row new in a tables-only delta is made pending at once, not copied again below: at
		// 10,000 connections that was 20,001 more row objects on the way to the first frame.
		const pendingFromStart = delta.ownersPending === true;
		const recheck = !pendingFromStart && delta.unattributedCause === 'hidden-from-root';
		const firstUnowned: string[] = [];
		let count = 0;
		for (const [key, record] of delta.upserts) {
			if (++count % SLICE_ROWS === 0) {
				await nextTurn();
				if (stopped) return null;
			}
			present?.add(key);
			const old = rows.get(key);
			if (recheck && !unownedBefore(old, unconfirmed) && isUnattributed(record)) firstUnowned.push(key);
			if (old && old.status !== 'closed') {
				// A full delta (a restarted worker) repeats unchanged sockets: keep their rows.
				if (delta.full && sameFacts(old.record, record)) continue;
				rows.set(key, {...old, record});
				updated.push(key);
				changed = true;
				continue;
			}
			changed = true;
			// A socket reappearing within the fade window counts as new again.
			const status = first ? 'open' : 'new';
			if (pendingFromStart && record.inode !== null) {
				rows.set(key, {
					key,
					record,
					firstSeen: now,
					seenAtStart: first,
					status,
					since: now,
					ownersPending: true,
				});
				pendingOwners.add(key);
			} else rows.set(key, {key, record, firstSeen: now, seenAtStart: first, status, since: now});
			closing.delete(key);
			if (!first) {
				fresh.add(key);
				added.push(key);
			}
		}
		if (delta.ownersPending) {
			// Held sockets only: one without an inode (TIME_WAIT) has no owner to wait for.
			for (const [key] of delta.upserts) {
				const row = rows.get(key)!;
				if (row.record.inode === null || row.ownersPending) continue;
				rows.set(key, {...row, ownersPending: true});
				pendingOwners.add(key);
			}
		} else {
			// Owners read: also the rows whose record did not change (no owner found).
			for (const key of pendingOwners) {
				const row = rows.get(key);
				if (recheck && row && isUnattributed(row.record)) firstUnowned.push(key);
				else if (row?.ownersPending) rows.set(key, {...row, ownersPending: false});
				changed = true;
			}
			pendingOwners.clear();
		}
		const close = (key: string, row: Row) => {
			rows.set(key, {...row, status: 'closed', since: now});
			fresh.delete(key);
			closing.add(key);
			removed.push(key);
			changed = true;
		};
		if (present) {
			for (const [key, row] of rows) if (row.status !== 'closed' && !present.has(key)) close(key, row);
		} else {
			for (const key of delta.removed) {
				const row = rows.get(key);
				if (row && row.status !== 'closed') close(key, row);
			}
		}
		if (!pendingFromStart) {
			const next = unconfirmedOwners(rows, firstUnowned, unconfirmed);
			changed ||= next.changed;
			unconfirmed = next.unconfirmed;
		}
		for (const key of fresh) {
			const row = rows.get(key)!;
			if (now - row.since < highlightMs) continue;
			rows.set(key, {...row, status: 'open', since: now});
			fresh.delete(key);
			changed = true;
		}
		for (const key of closing) {
			if (now - rows.get(key)!.since < highlightMs) continue;
			rows.delete(key); // faded out
			closing.delete(key);
			changed = true;
		}
		return {changed, added, removed, updated};
	};

	const sameList = (a: readonly string[], b: readonly string[]) =>
		a.length === b.length && a.every((value, index) => value === b[index]);

	const onSuccess = async ({delta, commit}: PendingDelta, now: number) => {
		const merged = await applyDelta(delta, now);
		if (merged === null) return;
		commit();
		const {changed, added, removed, updated} = merged;
		const metaChanged =
			snapshot.error !== null ||
			snapshot.loading ||
			snapshot.waitingMs !== null ||
			snapshot.unattributed !== delta.unattributed ||
			snapshot.unattributedCause !== delta.unattributedCause ||
			snapshot.skippedLines !== delta.skippedLines ||
			(snapshot.ownersPending ?? false) !== (delta.ownersPending ?? false) ||
			!sameList(snapshot.warnings, delta.warnings) ||
			!sameHostStatuses(snapshot.hosts ?? [], delta.hosts ?? []) ||
			!sameNetnsAddresses(snapshot.netnsAddresses ?? [], delta.netnsAddresses ?? []);
		if (!changed && !metaChanged) return; // same object: nothing to re-render
		const {ownersPending: _before, ...rest} = snapshot;
		publish({
			...rest,
			...(delta.ownersPending ? {ownersPending: true} : {}),
			version: snapshot.version + 1,
			rows: changed ? [...rows.values()] : snapshot.rows,
			added,
			removed,
			changed: updated,
			updatedAt: now,
			lastGoodAt: now,
			error: null,
			stale: false,
			loading: false,
			waitingMs: null,
			unattributed: delta.unattributed,
			unattributedCause: delta.unattributedCause,
			skippedLines: delta.skippedLines,
			warnings: delta.warnings,
			...(delta.hosts ? {hosts: delta.hosts} : {}),
			...(delta.netnsAddresses ? {netnsAddresses: delta.netnsAddresses} : {}),
		});
	};

	const onFailure = (error: SourceError, now: number) => {
		const stale = snapshot.lastGoodAt !== null;
		if (
			snapshot.error === error.message &&
			snapshot.stale === stale &&
			(error.hosts === null || sameHostStatuses(snapshot.hosts ?? [], error.hosts)) &&
			!snapshot.loading &&
			snapshot.waitingMs === null
		)
			return;
		publish({
			...snapshot,
			version: snapshot.version + 1,
			added: [],
			removed: [],
			changed: [],
			updatedAt: now,
			error: error.message,
			stale,
			loading: false,
			waitingMs: null,
			// No host answered (--no-local): each one's state, for the header and the help screen.
			...(error.hosts === null ? {} : {hosts: error.hosts}),
		});
	};

	/** Polls in a row cut by their bound (see runPoll). */
	let timeouts = 0;

	const runPoll = async (): Promise<void> => {
		const started = clock.now();
		controller = new AbortController();
		const abort = controller;
		// No data yet: wait long, and say how long so far (a cold read of 40,000 sockets on a
		// busy machine took 10–15 s). With data: a short bound, the old data stays (stale).
		const waiting = snapshot.lastGoodAt === null;
		// The read after a tables-only one walks every owner, cold: it gets the first read's bound.
		// After polls that timed out, twice the bound each time (up to the first read's): a read
		// that needs longer than the interval (an owner walk of 100,000 fds under load took
		// over 2 s here) would otherwise be cut, started again from scratch and cut again
		// forever, the dashboard stale and the walk's CPU spent for nothing every poll.
		const limit =
			waiting || snapshot.ownersPending
				? firstTimeoutMs
				: Math.min(firstTimeoutMs, timeoutMs * 2 ** timeouts);
		const timeoutError = new SourceError('TIMEOUT', `${feed.name} did not answer within ${limit} ms`);
		let timedOut = false;
		let progress: unknown = null;
		const tick = () => {
			progress = clock.setTimeout(() => {
				progress = null;
				if (stopped || timedOut) return;
				publish({...snapshot, version: snapshot.version + 1, waitingMs: clock.now() - started});
				tick();
			}, PROGRESS_MS);
		};
		if (waiting) tick();
		const hints = tablesFirst && waiting ? {ownersLater: true} : undefined;
		const reading = Promise.resolve().then(() => feed.read(abort.signal, hints));
		// Publish the timeout as soon as it happens, but only return (and so allow the
		// next poll) once the read has really settled: polls never overlap, even when
		// a source ignores its abort signal.
		const timeout = clock.setTimeout(() => {
			timedOut = true;
			if (progress !== null) clock.clearTimeout(progress);
			abort.abort();
			if (!stopped) onFailure(timeoutError, clock.now());
		}, limit);
		// stop() drops the deadline too: a read that ignores its abort must not keep the process
		// alive for the rest of its bound (a test's stopped store held it for 60 s).
		dropTimers = () => {
			clock.clearTimeout(timeout);
			if (progress !== null) clock.clearTimeout(progress);
		};
		let outcome: {result: PendingDelta} | {error: SourceError};
		try {
			outcome = {result: await reading};
		} catch (error) {
			outcome = {error: toSourceError(error)};
		}
		dropTimers();
		dropTimers = null;
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
		if (!stopped) timeouts = timedOut ? Math.min(timeouts + 1, 16) : stepsKept(finished - started);
		if (stopped || timedOut) return;
		if ('error' in outcome) onFailure(outcome.error, finished);
		else await onSuccess(outcome.result, finished);
	};

	// After a success the bound comes down only as far as that read leaves room for (twice its
	// time). Straight back to the short bound, reads that need a little more than it were cut
	// every other poll, STALE going on and off and those reads' CPU thrown away: `--json
	// --interval 500` beside 10,000 churning connections at load ≈ 10 printed "did not answer
	// within 1000 ms" seven times in 35 s (2026-11-30).
	const stepsKept = (durationMs: number) => {
		let steps = 0;
		while (steps < timeouts && timeoutMs * 2 ** steps < 2 * durationMs) steps++;
		return steps;
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
			// Owners still pending (tables first): their read starts at once.
			const elapsed = clock.now() - started;
			schedule(
				snapshot.error !== null ? intervalMs : snapshot.ownersPending ? 0 : Math.max(0, intervalMs - elapsed),
			);
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
			dropTimers?.();
			feed.close();
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

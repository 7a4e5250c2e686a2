import type {SocketEvent} from './socket-events.js';

/**
 * How many events the dashboard keeps in memory. An entry holds references to rows the
 * store made anyway plus a few small fields (~200 bytes of its own), so the cap bounds the
 * history at a few MB however busy the machine; the oldest go first. `--log` keeps all.
 */
export const TIMELINE_CAPACITY = 10_000;

export interface TimelineEntry {
	/** 1, 2, 3… in the order the events happened; never reused. */
	readonly seq: number;
	readonly event: SocketEvent;
	/** For a `change`: which parts changed (the `changed` field of the JSON event), else empty. */
	readonly changed: readonly string[];
}

/** Something about the history a user should hear once (a log that cannot be written, a hook that failed). */
export interface TimelineNote {
	readonly seq: number;
	readonly text: string;
}

/** What the dashboard reads: newest first, bounded, with a version that moves on every change. */
export interface EventTimeline {
	readonly capacity: number;
	/** Moves with every push or note (for useSyncExternalStore). */
	version(): number;
	subscribe(listener: () => void): () => void;
	/** The events kept, newest first. */
	newestFirst(): TimelineEntry[];
	/** How many events have been recorded in all, the ones pushed out of the ring included. */
	total(): number;
	/** The last note, or null. */
	lastNote(): TimelineNote | null;
	/** When recording started (the first good poll), and how many sockets were open then. */
	start(): {readonly at: number; readonly open: number} | null;
}

export interface WritableTimeline extends EventTimeline {
	/** One poll's events, in order (listeners hear once per batch). */
	push(items: readonly {readonly event: SocketEvent; readonly changed: readonly string[]}[]): void;
	note(text: string): void;
	markStart(at: number, open: number): void;
}

/** A ring buffer of the last `capacity` events. */
export function createEventTimeline(capacity = TIMELINE_CAPACITY): WritableTimeline {
	const ring: (TimelineEntry | undefined)[] = new Array(capacity);
	let count = 0;
	let version = 0;
	let note: TimelineNote | null = null;
	let started: {at: number; open: number} | null = null;
	const listeners = new Set<() => void>();
	const changed = () => {
		version++;
		for (const listener of [...listeners]) listener();
	};
	return {
		capacity,
		version: () => version,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		newestFirst() {
			const kept = Math.min(count, capacity);
			const out: TimelineEntry[] = new Array(kept);
			for (let i = 0; i < kept; i++) out[i] = ring[(count - 1 - i) % capacity]!;
			return out;
		},
		total: () => count,
		lastNote: () => note,
		start: () => started,
		push(items) {
			if (items.length === 0) return;
			for (const {event, changed: parts} of items) {
				count++;
				ring[(count - 1) % capacity] = {seq: count, event, changed: parts};
			}
			changed();
		},
		note(text) {
			note = {seq: (note?.seq ?? 0) + 1, text};
			changed();
		},
		markStart(at, open) {
			started = {at, open};
			changed();
		},
	};
}

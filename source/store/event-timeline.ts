import type {SocketRecord} from '../model/socket-record.js';
import type {SocketEvent} from './socket-events.js';

/**
 * How many connection events the dashboard keeps in memory. An entry holds references to
 * rows the store made anyway plus a few small fields (~200 bytes of its own), so the cap
 * bounds the history at a few MB however busy the machine; the oldest go first. `--log`
 * keeps all.
 */
export const TIMELINE_CAPACITY = 10_000;

/**
 * Listener events (LISTEN, bound UDP) have a ring of their own: a burst of connection
 * churn (10k connections opening in one poll) would otherwise push every listener event
 * out of a single 10k ring, and "what started listening" is what a user opens the
 * history for. Listeners are few and rarely change, so 2,000 keeps hours of them.
 */
export const LISTENER_CAPACITY = 2_000;

/** A listener's event (by the socket's state now or before the change): it goes to the listener ring. */
export function isListenerEvent(event: SocketEvent): boolean {
	const listening = (record: SocketRecord) =>
		record.state === 'LISTEN' || record.state === 'UNCONN' || record.state === 'BOUND';
	return listening(event.row.record) || (event.kind === 'change' && listening(event.before));
}

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
	/** Entries kept at most: connection and listener rings together. */
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
	/**
	 * Why `--log` stopped writing (`EACCES`), or null while it writes (or there is none): the
	 * note is said once, this lasts, so the header can keep saying the log is off.
	 */
	logOff(): string | null;
	/** When recording started (the first good poll), and how many sockets were open then. */
	start(): {readonly at: number; readonly open: number} | null;
}

export interface WritableTimeline extends EventTimeline {
	/** One poll's events, in order (listeners hear once per batch). */
	push(items: readonly {readonly event: SocketEvent; readonly changed: readonly string[]}[]): void;
	/** LOG_OFF: the note says the log stopped, for that cause (logOff()). */
	note(text: string, logOff?: string): void;
	markStart(at: number, open: number): void;
}

interface Ring {
	readonly entries: (TimelineEntry | undefined)[];
	/** Entries ever pushed into this ring. */
	pushed: number;
}

const newRing = (size: number): Ring => ({entries: new Array(size), pushed: 0});
const ringPush = (ring: Ring, entry: TimelineEntry) => {
	ring.entries[ring.pushed % ring.entries.length] = entry;
	ring.pushed++;
};
/** The i-th newest entry kept (0 = newest), or undefined past the oldest kept. */
const ringAt = (ring: Ring, i: number): TimelineEntry | undefined =>
	i < Math.min(ring.pushed, ring.entries.length)
		? ring.entries[(ring.pushed - 1 - i) % ring.entries.length]
		: undefined;

/**
 * Two ring buffers: the last `capacity` connection events and the last `listenerCapacity`
 * listener events, read back merged in the order they happened.
 */
export function createEventTimeline(
	capacity = TIMELINE_CAPACITY,
	listenerCapacity = Math.min(LISTENER_CAPACITY, capacity),
): WritableTimeline {
	const connectionRing = newRing(Math.max(1, capacity));
	const listenerRing = newRing(Math.max(1, listenerCapacity));
	let count = 0;
	let version = 0;
	let note: TimelineNote | null = null;
	let logOff: string | null = null;
	let started: {at: number; open: number} | null = null;
	const listeners = new Set<() => void>();
	const changed = () => {
		version++;
		for (const listener of [...listeners]) listener();
	};
	return {
		capacity: capacity + listenerCapacity,
		version: () => version,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		newestFirst() {
			const out: TimelineEntry[] = [];
			let c = 0;
			let l = 0;
			for (;;) {
				const a = ringAt(connectionRing, c);
				const b = ringAt(listenerRing, l);
				if (a === undefined && b === undefined) return out;
				if (b === undefined || (a !== undefined && a.seq > b.seq)) {
					out.push(a!);
					c++;
				} else {
					out.push(b);
					l++;
				}
			}
		},
		total: () => count,
		lastNote: () => note,
		logOff: () => logOff,
		start: () => started,
		push(items) {
			if (items.length === 0) return;
			for (const {event, changed: parts} of items) {
				count++;
				ringPush(isListenerEvent(event) ? listenerRing : connectionRing, {seq: count, event, changed: parts});
			}
			changed();
		},
		note(text, cause) {
			note = {seq: (note?.seq ?? 0) + 1, text};
			if (cause !== undefined) logOff = cause;
			changed();
		},
		markStart(at, open) {
			started = {at, open};
			changed();
		},
	};
}

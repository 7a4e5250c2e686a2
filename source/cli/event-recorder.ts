import type {SocketRecord} from '../model/socket-record.js';
import type {EventTimeline, WritableTimeline} from '../store/event-timeline.js';
import type {Snapshot} from '../store/snapshot.js';
import {createEventTracker, type FinalCounters, type SocketEvent} from '../store/socket-events.js';
import {type AlertRule, alertText} from './alert-rules.js';
import {changedParts, eventJson} from './stream-events.js';

/** Where events go besides the timeline; each is optional and none is ever awaited. */
export interface RecorderSinks {
	/** `--log`: one NDJSON line per event (os/event-log.ts queues and writes it in the background). */
	readonly log?: {write(line: string): void} | null;
	readonly alerts?: readonly AlertRule[];
	/** Bell, title, notification: at most once per poll, with what the first matching event was. */
	readonly onAlert?: (text: string, count: number) => void;
	/** `--alert-exec`: the event's JSON (with `alerts`, the rules it matched) per matching event. */
	readonly hook?: {run(input: string): void} | null;
	/** A closed connection's final counters (traffic-store.ts, from `ss -E`), put on its close event. */
	readonly finalBytes?: FinalBytesOf;
}

export type FinalBytesOf = (record: SocketRecord) => FinalCounters | null;

export interface RecorderSource {
	subscribe(listener: () => void): () => void;
	getSnapshot(): Snapshot;
}

/**
 * Turns the store's snapshots into the dashboard's history: every event into the timeline
 * (the first poll's sockets are counted, not listed: they opened before socktop did), the
 * log, and the alerts. Runs on the store's notification, synchronously and without I/O of
 * its own, so what it costs a frame is the events of one poll. Returns the unsubscribe.
 */
export function startEventRecorder(
	store: RecorderSource,
	timeline: WritableTimeline,
	sinks: RecorderSinks = {},
): () => void {
	const tracker = createEventTracker();
	const alerts = sinks.alerts ?? [];
	const needJson = Boolean(sinks.log) || alerts.length > 0;
	let started = false;
	const withFinal = finalBytesAdder(sinks.finalBytes);
	const onSnapshot = () => {
		const events = withFinal(tracker.next(store.getSnapshot()));
		if (events.length === 0 && started) return;
		const first = !started;
		if (first) {
			// The tracker reports nothing until the first good poll.
			if (events.length === 0 && store.getSnapshot().lastGoodAt === null) return;
			started = true;
			timeline.markStart(store.getSnapshot().lastGoodAt ?? 0, events.length);
		}
		const entries: {event: SocketEvent; changed: readonly string[]}[] = [];
		let alertCount = 0;
		let firstAlert: string | null = null;
		for (const event of events) {
			const json = needJson ? eventJson(event) : null;
			if (sinks.log) sinks.log.write(JSON.stringify(json));
			if (first) continue;
			entries.push({
				event,
				changed: event.kind === 'change' ? changedParts(event.before, event.row.record) : [],
			});
			if (json === null) continue;
			const matched = alerts.filter((rule) => rule.matches(event, json));
			if (matched.length === 0) continue;
			alertCount++;
			firstAlert ??= alertText(matched[0]!, event, json);
			sinks.hook?.run(JSON.stringify({...json, alerts: matched.map((rule) => rule.text)}));
		}
		timeline.push(entries);
		if (firstAlert !== null) sinks.onAlert?.(firstAlert, alertCount);
	};
	return store.subscribe(onSnapshot);
}

export type {EventTimeline};

/**
 * Puts a connection's final counters on the event in which its socket went away: the change
 * that took its inode (an active closer's ESTABLISHED → TIME_WAIT: the row stays, without a
 * socket, for 60 s) and the row's close, then or later.
 */
function finalBytesAdder(finalBytes: FinalBytesOf | undefined): (events: SocketEvent[]) => SocketEvent[] {
	if (finalBytes === undefined) return (events) => events;
	// Rows that lost their socket with known counters, until they close (bounded: ≤ the rows).
	const gone = new Map<string, FinalCounters>();
	return (events) =>
		events.map((event) => {
			if (event.kind === 'open') return event;
			if (event.kind === 'change') {
				if (event.before.inode === null || event.before.inode === event.row.record.inode) return event;
				const final = finalBytes(event.before);
				if (final === null) return event;
				gone.set(event.row.key, final);
				return {...event, final};
			}
			const final = gone.get(event.row.key) ?? finalBytes(event.row.record);
			gone.delete(event.row.key);
			return final === undefined || final === null ? event : {...event, final};
		});
}

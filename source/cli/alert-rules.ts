import {type Predicate, parseFilter} from '../filter/filter.js';
import {formatEndpoint} from '../model/address.js';
import {printable} from '../model/printable.js';
import type {SocketRecord} from '../model/socket-record.js';
import type {SocketEvent} from '../store/socket-events.js';

// `--alert RULE`: an event kind and a filter expression, in any order, e.g.
// `new-listener exposed:yes`, `saturated`, `port:22 gone`, `change:state proc:nginx`.
//
//   RULE := WORD { " " WORD }      one WORD is a KIND, the others are a filter (same language as `/`)
//   KIND := open | new-listener | close | gone | change | change:PART | saturated | any
//
// open          any socket appeared
// new-listener  a listening TCP socket or a bound UDP socket appeared (what --bell rings for)
// close, gone   a socket went away
// change        any change (state, owners, user, inode, container… every part `changed` names)
// change:PART   a change whose `changed` names PART (change:state, change:owners, change:saturated…)
// saturated     a listener's accept queue became full (`saturated` turned true)
// any           every event

export const ALERT_KINDS = ['open', 'new-listener', 'close', 'gone', 'change', 'saturated', 'any'] as const;
export const ALERT_KIND_SYNTAX = 'open, new-listener, close (gone), change, change:PART, saturated, any';

export interface AlertRule {
	readonly text: string;
	/** The event kind word, e.g. `new-listener` or `change:state`. */
	readonly kind: string;
	readonly matches: (event: SocketEvent, json: Readonly<Record<string, unknown>>) => boolean;
}

/** A listening TCP socket or a bound UDP socket (the dashboard's Listening pane). */
export const isListener = (record: SocketRecord): boolean =>
	record.state === 'LISTEN' || record.state === 'UNCONN' || record.state === 'BOUND';

const changedNames = (json: Readonly<Record<string, unknown>>): readonly unknown[] =>
	Array.isArray(json.changed) ? json.changed : [];

function kindTest(kind: string): AlertRule['matches'] | null {
	const part = /^change:([a-zA-Z]+)$/.exec(kind)?.[1];
	if (part !== undefined)
		return (event, json) => event.kind === 'change' && changedNames(json).includes(part);
	switch (kind) {
		case 'open':
			return (event) => event.kind === 'open';
		case 'new-listener':
			return (event) => event.kind === 'open' && isListener(event.row.record);
		case 'close':
		case 'gone':
			return (event) => event.kind === 'close';
		case 'change':
			return (event) => event.kind === 'change';
		// Read from the JSON event, so it follows the `saturated` field wherever the record gets it.
		case 'saturated':
			return (event, json) =>
				json.saturated === true &&
				(event.kind === 'open' || (event.kind === 'change' && changedNames(json).includes('saturated')));
		case 'any':
			return () => true;
		default:
			return null;
	}
}

/** One rule, or a one-line error. */
export function parseAlertRule(text: string): AlertRule | {error: string} {
	const words = text.trim().split(/\s+/).filter(Boolean);
	const kinds = words.filter((word) => kindTest(word) !== null);
	if (kinds.length === 0) return {error: `--alert "${text}": name an event: ${ALERT_KIND_SYNTAX}`};
	if (kinds.length > 1) return {error: `--alert "${text}": one event per rule, got ${kinds.join(' and ')}`};
	const kind = kinds[0]!;
	const filter = parseFilter(words.filter((word) => word !== kind).join(' '));
	if (!filter.ok) return {error: `--alert "${text}": ${filter.error}`};
	const test = kindTest(kind)!;
	const predicate: Predicate = filter.predicate;
	return {text, kind, matches: (event, json) => test(event, json) && predicate(event.row.record)};
}

const WHAT: Record<SocketEvent['kind'], string> = {open: 'opened', change: 'changed', close: 'closed'};

/** One line saying what happened, for a title or a notification: `new listener tcp 0.0.0.0:8080 nginx (pid 42)`. */
export function alertText(
	rule: AlertRule,
	event: SocketEvent,
	json: Readonly<Record<string, unknown>>,
): string {
	const record = event.row.record;
	const what =
		rule.kind === 'new-listener'
			? 'new listener'
			: rule.kind === 'saturated'
				? 'saturated'
				: event.kind === 'change'
					? `${changedNames(json).join(',')} changed`
					: WHAT[event.kind];
	const remote =
		record.remoteAddress === null ? '' : ` → ${formatEndpoint(record.remoteAddress, record.remotePort)}`;
	const owner = record.pid === null ? '' : ` ${record.process ?? '?'} (pid ${record.pid})`;
	const line = `${what} ${record.proto} ${formatEndpoint(record.localAddress, record.localPort)}${remote} ${record.state}${owner}`;
	return printable(line);
}

import {isLoopbackAddress} from '../model/address.js';
import {type SocketRecord, STATES} from '../model/socket-record.js';
import {normalizeState} from '../model/states.js';
import {type Token, tokenize} from './tokenize.js';

// The filter language shared by `--filter` and the dashboard's `/`:
// space-separated terms, all must match; `!term` negates one term.
// A bare word matches process name, pid, address or port; `field:value` matches one field.

export type Predicate = (record: SocketRecord) => boolean;

export type FilterResult = {ok: true; predicate: Predicate; terms: number} | {ok: false; error: string};

export const FILTER_FIELDS = [
	'proc',
	'pid',
	'port',
	'lport',
	'rport',
	'state',
	'proto',
	'addr',
	'user',
	'exposed',
	'saturated',
	'ns',
	'container',
	'host',
] as const;
type Field = (typeof FILTER_FIELDS)[number];

/** What a field takes where that is more than a word; the dashboard's help and filter line show these. */
export const FILTER_VALUES: {readonly [field in Field]?: string} = {
	port: '22,80,8000-8100',
	lport: '22,80,8000-8100',
	rport: '22,80,8000-8100',
	exposed: 'yes|no',
	saturated: 'yes|no',
	ns: 'host|ID|NAME',
};

/**
 * What a filter may ask beyond the record: facts read elsewhere (the listen queues come from
 * the traffic store). Without a lookup, `saturated:yes` matches nothing.
 */
export interface FilterLookups {
	/** Whether this listener's accept queue has reached its backlog (false when unknown). */
	readonly saturated?: (record: SocketRecord) => boolean;
}

const matchAll: Predicate = () => true;

const includesFolded = (haystack: string | null, needle: string) =>
	haystack?.toLowerCase().includes(needle) === true;

const anyProcess = (record: SocketRecord, needle: string) =>
	record.owners.some((owner) => owner.process.toLowerCase().includes(needle)) ||
	includesFolded(record.process, needle);

const anyPid = (record: SocketRecord, pid: number) =>
	record.pid === pid || record.owners.some((owner) => owner.pid === pid);

/** `80`, `8000-8100` → inclusive range, or null when not a valid port spec. */
function parsePortRange(value: string): [number, number] | null {
	const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(value);
	if (!match) return null;
	const low = Number(match[1]);
	const high = match[2] === undefined ? low : Number(match[2]);
	if (low > 65535 || high > 65535 || low > high) return null;
	return [low, high];
}

/** `80,443,8000-8100` → inclusive ranges, or null when any part is not a port or range. */
function parsePortList(value: string): [number, number][] | null {
	const ranges: [number, number][] = [];
	for (const part of value.split(',')) {
		const range = parsePortRange(part);
		if (range === null) return null;
		ranges.push(range);
	}
	return ranges;
}

const inRanges = (port: number | null, ranges: readonly [number, number][]) =>
	port !== null && ranges.some(([low, high]) => port >= low && port <= high);

/**
 * Reachable from beyond this machine: a TCP listener or a bound UDP socket whose address
 * is not loopback (127.0.0.0/8, ::1). Connections are not "exposed": they were made.
 */
export function isExposed(record: SocketRecord): boolean {
	const accepting = record.state === 'LISTEN' || (record.proto === 'udp' && record.state === 'UNCONN');
	return accepting && !isLoopbackAddress(record.localAddress.split('%')[0]!);
}

const STATE_NAMES_HINT = 'listen, estab, syn-sent, time-wait, close-wait, fin-wait1, unconn…';

function statePredicate(raw: string): Predicate | string {
	const wanted = raw.toUpperCase().replace(/-/g, '_');
	if (STATES.some((state) => state.startsWith(wanted))) return (record) => record.state.startsWith(wanted);
	// Other tools' spellings: `state:listening`, `state:closed`.
	const known = normalizeState(raw);
	if (known !== null) return (record) => record.state === known;
	return `state: unknown state "${raw}" (${STATE_NAMES_HINT})`;
}

function fieldPredicate(field: Field, raw: string, lookups: FilterLookups): Predicate | string {
	const value = raw.toLowerCase();
	if (value === '')
		return `${field}: needs a value${FILTER_VALUES[field] ? ` (${field}:${FILTER_VALUES[field]})` : ''}`;
	switch (field) {
		case 'proc':
			return (record) => anyProcess(record, value);
		case 'user':
			return (record) => includesFolded(record.user, value) || String(record.uid) === value;
		case 'pid': {
			if (!/^\d{1,10}$/.test(value)) return `pid: expects a number, got "${raw}"`;
			const pid = Number(value);
			return (record) => anyPid(record, pid);
		}
		case 'port':
		case 'lport':
		case 'rport': {
			const ranges = parsePortList(value);
			if (ranges === null)
				// Short enough for the footer at 80 columns after the draft; the help shows examples.
				return `${field}: expects a port 0-65535, a range or a list, got "${raw}"`;
			if (field === 'lport') return (record) => inRanges(record.localPort, ranges);
			if (field === 'rport') return (record) => inRanges(record.remotePort, ranges);
			return (record) => inRanges(record.localPort, ranges) || inRanges(record.remotePort, ranges);
		}
		case 'state':
			return statePredicate(raw);
		case 'exposed':
			if (value === 'yes') return isExposed;
			if (value === 'no') return (record) => !isExposed(record);
			return `exposed: expects yes or no, got "${raw}"`;
		case 'saturated': {
			const saturated = lookups.saturated ?? (() => false);
			if (value === 'yes') return saturated;
			if (value === 'no') return (record) => !saturated(record);
			return `saturated: expects yes or no, got "${raw}"`;
		}
		case 'proto': {
			const match = /^(tcp|udp)?([46])?$/.exec(value);
			if (!match || value === '') return `proto: expects tcp, udp, tcp4, tcp6, udp4 or udp6, got "${raw}"`;
			const proto = match[1];
			const family = match[2] === undefined ? undefined : Number(match[2]);
			return (record) =>
				(proto === undefined || record.proto === proto) && (family === undefined || record.family === family);
		}
		case 'ns':
			return nsPredicate(value);
		case 'container':
			// The label shown (`docker:web`) or the id it stands for (`docker:3f2a9c1be4d5`).
			return (record) =>
				includesFolded(record.container, value) || includesFolded(record.containerId ?? null, value);
		case 'host':
			// The whole name (`local`, or the --host destination as given): `host:web` is not `web2`.
			return (record) => record.host.toLowerCase() === value;
		case 'addr':
			return (record) =>
				includesFolded(record.localAddress, value) || includesFolded(record.remoteAddress, value);
	}
}

/**
 * `ns:host`: this machine's own network namespace (records with no namespace id); else a
 * substring of the namespace id, or of an `ip netns` name (carried as the `netns:NAME` label).
 */
function nsPredicate(value: string): Predicate {
	if (value === 'host') return (record) => record.netns === null;
	return (record) =>
		(record.netns !== null && String(record.netns).includes(value)) ||
		(record.container?.startsWith('netns:') === true && includesFolded(record.container.slice(6), value));
}

function barePredicate(raw: string): Predicate {
	const value = raw.toLowerCase();
	const number = /^\d{1,10}$/.test(value) ? Number(value) : null;
	return (record) =>
		anyProcess(record, value) ||
		includesFolded(record.localAddress, value) ||
		includesFolded(record.remoteAddress, value) ||
		(number !== null &&
			(anyPid(record, number) || record.localPort === number || record.remotePort === number));
}

function termPredicate({text: term, fieldColon: colon}: Token, lookups: FilterLookups): Predicate | string {
	if (colon > 0) {
		const name = term.slice(0, colon).toLowerCase();
		if ((FILTER_FIELDS as readonly string[]).includes(name))
			return fieldPredicate(name as Field, term.slice(colon + 1), lookups);
		// A bare IPv6 address (`::1`, `fe80::1`) also contains ':'; treat anything that is not a field as bare.
		if (/^[a-z]+$/.test(name) && !/^[0-9a-f]{1,4}$/.test(name))
			return `unknown field "${name}:" (fields: ${FILTER_FIELDS.join(', ')})`;
	}
	return barePredicate(term);
}

/** Parses a filter expression. Never throws: bad input gives `{ok: false, error}` with one line. */
export function parseFilter(expression: string, lookups: FilterLookups = {}): FilterResult {
	const predicates: Predicate[] = [];
	const tokens = tokenize(expression);
	if (!tokens.ok) return tokens;
	for (const token of tokens.tokens) {
		if (token.text === '') continue; // `""`
		const predicate = termPredicate(token, lookups);
		if (typeof predicate === 'string') return {ok: false, error: predicate};
		predicates.push(token.negated ? (record) => !predicate(record) : predicate);
	}
	if (predicates.length === 0) return {ok: true, predicate: matchAll, terms: 0};
	return {
		ok: true,
		predicate: (record) => predicates.every((test) => test(record)),
		terms: predicates.length,
	};
}

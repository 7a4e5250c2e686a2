import type {SocketRecord} from '../model/socket-record.js';
import {tokenize} from './tokenize.js';

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
] as const;
type Field = (typeof FILTER_FIELDS)[number];

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

const inRange = (port: number | null, [low, high]: [number, number]) =>
	port !== null && port >= low && port <= high;

function fieldPredicate(field: Field, raw: string): Predicate | string {
	const value = raw.toLowerCase();
	if (value === '') return `${field}: needs a value`;
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
			const range = parsePortRange(value);
			if (range === null) return `${field}: expects a port 0-65535 or a range like 8000-8100, got "${raw}"`;
			if (field === 'lport') return (record) => inRange(record.localPort, range);
			if (field === 'rport') return (record) => inRange(record.remotePort, range);
			return (record) => inRange(record.localPort, range) || inRange(record.remotePort, range);
		}
		case 'state': {
			const wanted = value.toUpperCase().replace(/-/g, '_');
			return (record) => record.state.startsWith(wanted);
		}
		case 'proto': {
			const match = /^(tcp|udp)?([46])?$/.exec(value);
			if (!match || value === '') return `proto: expects tcp, udp, tcp4, tcp6, udp4 or udp6, got "${raw}"`;
			const proto = match[1];
			const family = match[2] === undefined ? undefined : Number(match[2]);
			return (record) =>
				(proto === undefined || record.proto === proto) && (family === undefined || record.family === family);
		}
		case 'addr':
			return (record) =>
				includesFolded(record.localAddress, value) || includesFolded(record.remoteAddress, value);
	}
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

function termPredicate(term: string): Predicate | string {
	const colon = term.indexOf(':');
	if (colon > 0) {
		const name = term.slice(0, colon).toLowerCase();
		if ((FILTER_FIELDS as readonly string[]).includes(name))
			return fieldPredicate(name as Field, term.slice(colon + 1));
		// A bare IPv6 address (`::1`, `fe80::1`) also contains ':'; treat anything that is not a field as bare.
		if (/^[a-z]+$/.test(name) && !/^[0-9a-f]{1,4}$/.test(name))
			return `unknown field "${name}:" (fields: ${FILTER_FIELDS.join(', ')})`;
	}
	return barePredicate(term);
}

/** Parses a filter expression. Never throws: bad input gives `{ok: false, error}` with one line. */
export function parseFilter(expression: string): FilterResult {
	const predicates: Predicate[] = [];
	for (const token of tokenize(expression)) {
		const negated = token.startsWith('!');
		const term = negated ? token.slice(1) : token;
		if (term === '') {
			if (negated) return {ok: false, error: '"!" must be followed by a term'};
			continue;
		}
		const predicate = termPredicate(term);
		if (typeof predicate === 'string') return {ok: false, error: predicate};
		predicates.push(negated ? (record) => !predicate(record) : predicate);
	}
	if (predicates.length === 0) return {ok: true, predicate: matchAll, terms: 0};
	return {
		ok: true,
		predicate: (record) => predicates.every((test) => test(record)),
		terms: predicates.length,
	};
}

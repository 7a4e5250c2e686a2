// The BSD netstat table shared by macOS and FreeBSD:
//   Proto Recv-Q Send-Q Local Address Foreign Address (state) [extra -v columns...]
// Addresses are `host.port`. Columns are found by their header names, because
// macOS releases differ in what `-v` adds (`pid epid` on older ones,
// `rxbytes txbytes rhiwat shiwat process:pid` on newer ones).
import type {Family, SocketRecord} from '../../model/socket-record.js';
import {normalizeState} from '../../model/states.js';
import {buildRecord, udpState} from './build-record.js';
import {looksTruncatedIPv6, parseLocal, parseRemote, splitDotEndpoint} from './endpoints.js';
import {emptyParse, type NetstatParse, TRUNCATED_WARNING, warnOnce} from './parse-result.js';
import {isDigits, MAX_LINE_LENGTH, splitLines, TokenCursor} from './text-lines.js';

const DEFAULT_COLUMNS = ['proto', 'recv-q', 'send-q', 'local', 'foreign', '(state)'];
const STATE_WORD = /^[A-Z][A-Z0-9_]*$/;
/** A process name is at most a few words; do not wander into the following columns. */
const MAX_NAME_TOKENS = 8;

type LineResult = {kind: 'record'; record: SocketRecord} | {kind: 'bad'; truncated: boolean};
const BAD: LineResult = {kind: 'bad', truncated: false};

export function parseBsdNetstat(text: string): NetstatParse {
	const parse = emptyParse();
	let columns = DEFAULT_COLUMNS;
	let inInternetSection = true;
	for (const raw of splitLines(text)) {
		const line = raw.trim();
		if (line === '') continue;
		// Sections: "Active Internet connections", then UNIX/kernel/multipath ones we do not read.
		if (line.startsWith('Active ')) {
			inInternetSection = line.startsWith('Active Internet');
			columns = DEFAULT_COLUMNS;
			continue;
		}
		if (!inInternetSection) continue;
		if (line.length > MAX_LINE_LENGTH) {
			parse.skipped++;
			continue;
		}
		if (/\bProto\b/.test(line) && line.includes('Local Address')) {
			columns = headerColumns(line);
			continue;
		}
		const result = parseLine(line, columns);
		if (result.kind === 'record') {
			parse.records.push(result.record);
		} else {
			parse.skipped++;
			if (result.truncated) warnOnce(parse, TRUNCATED_WARNING);
		}
	}
	return parse;
}

/** Header words to column names; the two-word address headings become `local` and `foreign`. */
function headerColumns(line: string): string[] {
	return line
		.replace('Local Address', 'local')
		.replace('Foreign Address', 'foreign')
		.split(/\s+/)
		.filter((word) => word !== '')
		.map((word) => word.toLowerCase());
}

function parseLine(line: string, columns: readonly string[]): LineResult {
	const cursor = new TokenCursor(line);
	let proto: 'tcp' | 'udp' | null = null;
	let version = '';
	let localToken: string | null = null;
	let foreignToken: string | null = null;
	let stateWord: string | null = null;
	let pid: number | null = null;
	let program: string | null = null;
	const ownerColumn = columns.findIndex((column) => column === 'process:pid' || column === 'pid');
	// Read up to the owner column (or the state when there is none); later columns do not matter.
	const last = ownerColumn >= 0 ? ownerColumn : columns.indexOf('(state)');
	for (const [index, column] of columns.entries()) {
		if (index > last && last >= 0) break;
		if (column === '(state)') {
			// TCP always prints a state; UDP leaves the column blank.
			if (proto === 'tcp' || STATE_WORD.test(cursor.peek() ?? '')) {
				stateWord = cursor.next();
				if (stateWord === null || !STATE_WORD.test(stateWord)) return BAD;
			}
			continue;
		}
		if (column === 'process:pid') {
			const owner = readProcessPid(cursor);
			if (!owner) return BAD;
			pid = owner.pid;
			program = owner.process;
			continue;
		}
		const token = cursor.next();
		if (token === null) return BAD;
		if (column === 'proto') {
			const match = /^(tcp|udp)(4|6|46)?$/.exec(token);
			if (!match) return BAD;
			proto = match[1] === 'tcp' ? 'tcp' : 'udp';
			version = match[2] ?? '';
		} else if (column === 'recv-q' || column === 'send-q') {
			if (!isDigits(token)) return BAD;
		} else if (column === 'local') {
			localToken = token;
		} else if (column === 'foreign') {
			foreignToken = token;
		} else if (column === 'pid') {
			if (!isDigits(token)) return BAD;
			pid = Number(token);
		}
	}
	if (proto === null || localToken === null || foreignToken === null) return BAD;

	// tcp46 is a dual-stack socket: its `*` is the IPv6 wildcard, which also takes IPv4.
	const wildcardFamily: Family = version === '4' || version === '' ? 4 : 6;
	const localRaw = splitDotEndpoint(localToken);
	const remoteRaw = splitDotEndpoint(foreignToken);
	if (!localRaw || !remoteRaw) return BAD;
	const local = parseLocal(localRaw, wildcardFamily);
	const remote = parseRemote(remoteRaw, wildcardFamily);
	if (!local || !remote) {
		return {kind: 'bad', truncated: looksTruncatedIPv6(localRaw.host) || looksTruncatedIPv6(remoteRaw.host)};
	}
	const record = buildRecord({
		proto,
		local,
		remote,
		state: proto === 'tcp' ? (normalizeState(stateWord ?? '') ?? 'UNKNOWN') : udpState(remote.address),
		pid,
		process: program,
	});
	return {kind: 'record', record};
}

/** `process:pid` on newer macOS: a name that may hold spaces (`Code - Insiders:661`), right-aligned. */
function readProcessPid(cursor: TokenCursor): {pid: number; process: string | null} | null {
	const start = cursor.offset;
	for (let count = 0; count < MAX_NAME_TOKENS; count++) {
		const token = cursor.next();
		if (token === null) return null;
		if (!/:\d{1,10}$/.test(token)) continue;
		const field = cursor.slice(start, cursor.offset);
		const colon = field.lastIndexOf(':');
		const name = field.slice(0, colon).trim();
		return {pid: Number(field.slice(colon + 1)), process: name === '' ? null : name};
	}
	return null;
}

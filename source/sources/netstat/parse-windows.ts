// Windows `netstat -a -n -o`:
//   Proto  Local Address  Foreign Address  State  PID
//   TCP    [::]:135       [::]:0           LISTENING  912
//   UDP    0.0.0.0:123    *:*                         1108
// Titles, headings and state words are translated (ABHÖREN, ÉCOUTE, IN ASCOLTO...)
// and may arrive mangled by the console code page, so lines are recognised by
// their TCP/UDP first word, never by the heading text.
import type {Family, SocketRecord} from '../../model/socket-record.js';
import {normalizeState} from '../../model/states.js';
import {buildRecord, udpState} from './build-record.js';
import {parseLocal, parseRemote, type RawEndpoint, splitColonEndpoint} from './endpoints.js';
import {emptyParse, type NetstatParse} from './parse-result.js';
import {isDigits, MAX_LINE_LENGTH, splitLines} from './text-lines.js';

export function parseWindowsNetstat(text: string): NetstatParse {
	const parse = emptyParse();
	let seenTable = false;
	for (const raw of splitLines(text)) {
		const line = raw.trim();
		if (line === '') continue;
		if (line.length > MAX_LINE_LENGTH) {
			parse.skipped++;
			continue;
		}
		const tokens = line.split(/\s+/);
		const first = tokens[0]?.toUpperCase();
		if (first !== 'TCP' && first !== 'UDP') {
			// Before the table: the (translated) title and heading, which carry no digits.
			if (seenTable || /\d/.test(line)) parse.skipped++;
			continue;
		}
		seenTable = true;
		const record = parseLine(first === 'TCP' ? 'tcp' : 'udp', tokens.slice(1));
		if (record) parse.records.push(record);
		else parse.skipped++;
	}
	return parse;
}

/** `[::]:135` is IPv6, `0.0.0.0:135` IPv4; `*` (UDP's remote) takes the local end's family. */
function familyOf(token: string): Family {
	return token.startsWith('[') ? 6 : 4;
}

function parseLine(proto: 'tcp' | 'udp', tokens: string[]): SocketRecord | null {
	const [localToken, remoteToken, ...rest] = tokens;
	if (localToken === undefined || remoteToken === undefined) return null;
	const localRaw: RawEndpoint | null = splitColonEndpoint(localToken);
	const remoteRaw: RawEndpoint | null = splitColonEndpoint(remoteToken);
	if (!localRaw || !remoteRaw) return null;
	const local = parseLocal(localRaw, familyOf(localToken));
	const remote = parseRemote(remoteRaw, familyOf(localToken));
	if (!local || !remote) return null;

	// The PID column (from -o) is the last token; the state may be several words ("IN ASCOLTO").
	let pid: number | null = null;
	if (rest.length > 0 && isDigits(rest[rest.length - 1])) pid = Number(rest.pop());
	const stateText = rest.join(' ');
	if (proto === 'tcp' && stateText === '') return null;
	if (proto === 'udp' && stateText !== '') return null;
	// An untranslated-for-us state on a socket with no remote end can only be a listener.
	const state =
		proto === 'tcp'
			? (normalizeState(stateText) ?? (remote.address === null ? 'LISTEN' : 'UNKNOWN'))
			: udpState(remote.address);

	return buildRecord({
		proto,
		local,
		remote,
		state,
		// PID 0 is the idle process, which "holds" TIME_WAIT sockets: no owner at all.
		pid: pid === 0 ? null : pid,
		process: null,
	});
}

// net-tools `LC_ALL=C netstat -tunapWe` (also without -W, -e or -p). Columns:
// Proto Recv-Q Send-Q Local Address Foreign Address State [User Inode] [PID/Program name]
import {isIP} from 'node:net';
import type {SocketRecord} from '../../model/socket-record.js';
import {normalizeState} from '../../model/states.js';
import {buildRecord, udpState} from './build-record.js';
import {
	looksTruncatedIPv6,
	parseLocal,
	parseRemote,
	type RawEndpoint,
	splitColonEndpoint,
} from './endpoints.js';
import {emptyParse, type NetstatParse, TRUNCATED_WARNING, warnOnce} from './parse-result.js';
import {isDigits, MAX_LINE_LENGTH, splitLines, TokenCursor} from './text-lines.js';

export const NOT_ROOT_WARNING =
	'not all processes could be identified: run socktop as root (sudo) to see the owner of every socket';

/** Which optional columns the header announced; null = no header seen, guess per line. */
interface Columns {
	readonly userInode: boolean | null;
	readonly pid: boolean | null;
}

type LineResult =
	| {kind: 'record'; record: SocketRecord; unattributed: boolean}
	| {kind: 'bad'; truncated: boolean};

const BAD: LineResult = {kind: 'bad', truncated: false};

export function parseLinuxNetstat(text: string): NetstatParse {
	const parse = emptyParse();
	let columns: Columns = {userInode: null, pid: null};
	let inInternetSection = true;
	for (const raw of splitLines(text)) {
		const line = raw.trim();
		if (line === '') continue;
		// net-tools prints this on stderr when not root; the source passes stderr in too.
		if (line.startsWith('(Not all processes could be identified')) {
			warnOnce(parse, NOT_ROOT_WARNING);
			continue;
		}
		if (line.startsWith('will not be shown, you would have to be root')) continue;
		if (line.startsWith('Active ')) {
			inInternetSection = line.startsWith('Active Internet');
			continue;
		}
		if (!inInternetSection) continue;
		if (line.length > MAX_LINE_LENGTH) {
			parse.skipped++;
			continue;
		}
		if (line.startsWith('Proto ')) {
			columns = {
				userInode: /\bUser\b/.test(line) && /\bInode\b/.test(line),
				pid: line.includes('PID/Program'),
			};
			continue;
		}
		if (/^(raw6?|udpl6?)\s/.test(line)) continue; // real sockets, just not ones socktop shows
		const result = parseLine(line, columns);
		if (result.kind === 'record') {
			parse.records.push(result.record);
			if (result.unattributed) parse.unattributed++;
		} else {
			parse.skipped++;
			if (result.truncated) warnOnce(parse, TRUNCATED_WARNING);
		}
	}
	return parse;
}

/** net-tools prints IPv4-mapped addresses of tcp6/udp6 sockets as plain IPv4; give them back their real form. */
function unmapped(endpoint: RawEndpoint, v6: boolean): RawEndpoint {
	return v6 && isIP(endpoint.host) === 4 ? {host: `::ffff:${endpoint.host}`, port: endpoint.port} : endpoint;
}

function parseLine(line: string, columns: Columns): LineResult {
	const cursor = new TokenCursor(line);
	const protoToken = cursor.next();
	if (protoToken !== 'tcp' && protoToken !== 'tcp6' && protoToken !== 'udp' && protoToken !== 'udp6')
		return BAD;
	const proto = protoToken.startsWith('tcp') ? 'tcp' : 'udp';
	const v6 = protoToken.endsWith('6');
	if (!isDigits(cursor.next()) || !isDigits(cursor.next())) return BAD;
	const localRaw = splitColonEndpoint(cursor.next() ?? '');
	const remoteRaw = splitColonEndpoint(cursor.next() ?? '');
	if (!localRaw || !remoteRaw) return BAD;
	const local = parseLocal(unmapped(localRaw, v6), v6 ? 6 : 4);
	const remote = parseRemote(unmapped(remoteRaw, v6), v6 ? 6 : 4);
	if (!local || !remote) {
		return {kind: 'bad', truncated: looksTruncatedIPv6(localRaw.host) || looksTruncatedIPv6(remoteRaw.host)};
	}

	// TCP always has a state; UDP only when connected (ESTABLISHED), else the column is blank.
	let stateWord: string | null = null;
	if (proto === 'tcp' || /^[A-Z][A-Z0-9_]*$/.test(cursor.peek() ?? '')) {
		stateWord = cursor.next();
		if (stateWord === null || !/^[A-Z][A-Z0-9_]*$/.test(stateWord)) return BAD;
	}

	let uid: number | null = null;
	let user: string | null = null;
	let inode: number | null = null;
	if (columns.userInode ?? looksLikeUserInode(cursor)) {
		const userToken = cursor.next();
		const inodeToken = cursor.next();
		if (userToken === null || !isDigits(inodeToken)) return BAD;
		if (isDigits(userToken)) uid = Number(userToken);
		else user = userToken;
		inode = Number(inodeToken);
	}

	// The program name is the rest of the line: it may contain spaces.
	const owner = cursor.rest();
	let pid: number | null = null;
	let program: string | null = null;
	if (columns.pid ?? owner !== '') {
		if (owner === '') return BAD;
		if (owner !== '-') {
			const match = /^(\d{1,10})\/(.*)$/s.exec(owner);
			if (!match) return BAD;
			pid = Number(match[1]);
			program = match[2]?.trim() || null;
		}
	} else if (owner !== '') {
		return BAD;
	}

	const state = proto === 'tcp' ? (normalizeState(stateWord ?? '') ?? 'UNKNOWN') : udpState(remote.address);
	// Inode 0: no process holds it (TIME_WAIT, orphaned). Its "User" (root for TIME_WAIT) is
	// not an owner, and 0 is no inode: both unknown, as procfs gives them.
	const held = inode !== 0;
	const record = buildRecord({
		proto,
		local,
		remote,
		state,
		pid,
		process: program,
		uid: held ? uid : null,
		user: held ? user : null,
		inode: held ? inode : null,
	});
	// `-` also shows for sockets no process holds (inode 0, TIME_WAIT): those are not hidden owners.
	const ownerless = inode === 0 || (inode === null && state === 'TIME_WAIT');
	return {kind: 'record', record, unattributed: owner === '-' && !ownerless};
}

/** Without a header: two more tokens before the owner, the second a number, means -e columns. */
function looksLikeUserInode(cursor: TokenCursor): boolean {
	const [first, second] = cursor.peekTokens(2);
	return first !== undefined && first !== '-' && !first.includes('/') && isDigits(second);
}

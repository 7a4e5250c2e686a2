// Pure parser for `ss -tunapH` (iproute2), the Linux table a fallback host prints when
// socktop is not installed there, and `ss -tunapeH`, the table a remote socktop's link sends
// first: `-e` adds `uid:` (only when not 0) and `ino:`, and a uid→name map (`name:uid` lines,
// from the remote /etc/passwd) names the user, so those rows carry what the remote socktop's
// events will say and the switch to them changes nothing. Never throws: a line it cannot read
// is skipped and counted.
import {
	makeRecord,
	type SocketOwner,
	type SocketRecord,
	type SocketState,
} from '../../model/socket-record.js';

export interface SsParse {
	readonly records: SocketRecord[];
	readonly skippedLines: number;
}

/** ss spells states with dashes and abbreviations; socktop uses net-tools names. */
const STATES: Readonly<Record<string, SocketState>> = {
	ESTAB: 'ESTABLISHED',
	LISTEN: 'LISTEN',
	'SYN-SENT': 'SYN_SENT',
	'SYN-RECV': 'SYN_RECV',
	'FIN-WAIT-1': 'FIN_WAIT1',
	'FIN-WAIT-2': 'FIN_WAIT2',
	'TIME-WAIT': 'TIME_WAIT',
	CLOSE: 'CLOSE',
	'CLOSE-WAIT': 'CLOSE_WAIT',
	'LAST-ACK': 'LAST_ACK',
	CLOSING: 'CLOSING',
	UNCONN: 'UNCONN',
};

const SOCKET_START = /^(tcp|udp)\s+\S+\s+\d+\s+\d+\s+\S+:\S+\s+\S+:\S+/;
const SOCKET_LINE = /^(tcp|udp)\s+(\S+)\s+\d+\s+\d+\s+(\S+)\s+(\S+)\s*(.*)$/s;
const USER = /\("(.*?)",pid=(\d+),fd=\d+\)/gs;
/** `-e`'s fields, after the owners: `uid:` is printed only when not 0. The last match counts: a process name could hold one. */
const DETAILS = /(?:^|\s)(?:uid:(\d+)\s+)?ino:(\d+)\s+sk:[0-9a-f]+/g;

/**
 * ss prints a process name as it is, newlines included (any process can call itself
 * `a\nb`): a line that does not start a socket continues the one before.
 */
function socketLines(text: string): string[] {
	const lines: string[] = [];
	for (const line of text.split('\n')) {
		if (SOCKET_START.test(line) || lines.length === 0) lines.push(line);
		else lines[lines.length - 1] += `\n${line}`;
	}
	return lines.filter((line) => line.trim() !== '');
}

interface Endpoint {
	readonly address: string;
	readonly port: number | null;
	readonly v6: boolean;
}

/** `127.0.0.1:80`, `[::1]:80`, `0.0.0.0:*`, `127.0.0.53%lo:53`, `*:22`, `[fe80::1]%eth0:5353`. */
function endpoint(text: string): Endpoint | null {
	const colon = text.lastIndexOf(':');
	if (colon <= 0) return null;
	let address = text.slice(0, colon);
	const portText = text.slice(colon + 1);
	const port = portText === '*' ? null : Number(portText);
	if (port !== null && !(Number.isInteger(port) && port >= 0 && port <= 65535)) return null;
	let scope = '';
	const percent = address.lastIndexOf('%');
	if (percent > 0) {
		scope = address.slice(percent + 1);
		address = address.slice(0, percent);
	}
	let v6 = false;
	if (address.startsWith('[') && address.endsWith(']')) {
		address = address.slice(1, -1);
		v6 = true;
	}
	// `*` is the IPv6 wildcard of a dual-stack socket (iproute2 ≥ 5.x prints it instead of `[::]`).
	if (address === '*') return {address: '::', port, v6: true};
	v6 ||= address.includes(':');
	// A link-local IPv6 keeps its scope, as the procfs source writes it; an IPv4 interface
	// binding (`127.0.0.53%lo`) is not part of the address.
	if (v6 && scope !== '' && address.toLowerCase().startsWith('fe80')) address = `${address}%${scope}`;
	return {address, port, v6};
}

const isWildcard = (address: string) => address === '0.0.0.0' || address === '::';

/** `name:uid` lines (`cut -d: -f1,3 /etc/passwd`): the first line for a uid wins, as getpwuid does. */
export function parseUserNames(text: string): Map<number, string> {
	const names = new Map<number, string>();
	for (const line of text.split('\n')) {
		const colon = line.lastIndexOf(':');
		const uid = line.slice(colon + 1);
		if (colon <= 0 || !/^\d{1,10}$/.test(uid) || names.has(Number(uid))) continue;
		names.set(Number(uid), line.slice(0, colon));
	}
	return names;
}

/**
 * The uid and inode of `-e`'s fields, null without them. A socket without an inode (TIME_WAIT)
 * has neither, as the procfs source says: the uid the kernel gives it is not its user's.
 */
function details(rest: string): {uid: number | null; inode: number | null} {
	const match = [...rest.matchAll(DETAILS)].at(-1);
	if (!match || match[2] === '0') return {uid: null, inode: null};
	return {uid: Number(match[1] ?? 0), inode: Number(match[2])};
}

export function parseSs(text: string, users: ReadonlyMap<number, string> | null = null): SsParse {
	const records: SocketRecord[] = [];
	let skippedLines = 0;
	for (const line of socketLines(text)) {
		const match = SOCKET_LINE.exec(line);
		const local = match ? endpoint(match[3]!) : null;
		const peer = match ? endpoint(match[4]!) : null;
		if (!match || !local || !peer) {
			skippedLines++;
			continue;
		}
		const proto = match[1] as 'tcp' | 'udp';
		const rawState = match[2]!;
		const owners: SocketOwner[] = [];
		const seen = new Set<number>();
		for (const user of match[5]!.matchAll(USER)) {
			const pid = Number(user[2]);
			if (seen.has(pid)) continue;
			seen.add(pid);
			owners.push({pid, process: user[1]!});
		}
		const {uid, inode} = details(match[5]!);
		const noPeer = peer.port === null && isWildcard(peer.address);
		let state: SocketState = STATES[rawState] ?? 'UNKNOWN';
		// A connected UDP socket: ss says ESTAB, as the procfs source does.
		if (proto === 'udp' && rawState === 'UNCONN' && !noPeer) state = 'ESTABLISHED';
		records.push(
			makeRecord({
				proto,
				family: local.v6 ? 6 : 4,
				localAddress: local.address,
				localPort: local.port ?? 0,
				remoteAddress: noPeer ? null : peer.address,
				remotePort: noPeer ? null : peer.port,
				state,
				owners: owners.sort((a, b) => a.pid - b.pid),
				uid,
				user: uid === null || users === null ? null : (users.get(uid) ?? null),
				inode,
			}),
		);
	}
	return {records, skippedLines};
}

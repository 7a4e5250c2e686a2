// Pure parser for /proc/net/{tcp,tcp6,udp,udp6}. Never throws: a line that
// does not look exactly like a kernel line is skipped and counted.
import type {Family, Proto, SocketRecord, SocketState} from '../../model/socket-record.js';
import {formatIPv4, formatIPv6} from './format-address.js';
import {type ScannedLine, scanProcNetLine} from './proc-net-line-scan.js';

export type ProcNetFile = 'tcp' | 'tcp6' | 'udp' | 'udp6';

/** A socket table line: a record's endpoints and state, with the uid and inode always known. */
export interface ProcNetEntry
	extends Pick<
		SocketRecord,
		'proto' | 'family' | 'localAddress' | 'localPort' | 'remoteAddress' | 'remotePort' | 'state'
	> {
	/** As the kernel prints it; for sockets without an inode (TIME_WAIT) it means nothing (0). */
	readonly uid: number;
	/** 0 for sockets no file descriptor refers to (TIME_WAIT, NEW_SYN_RECV, orphaned). */
	readonly inode: number;
}

export interface ProcNetParse {
	readonly entries: ProcNetEntry[];
	readonly skippedLines: number;
}

export interface ParseOptions {
	/** The kernel prints each 32-bit address word in host order; only big-endian hosts need this. */
	readonly bigEndian?: boolean;
}

// include/net/tcp_states.h, keyed by the two hex digits of the `st` column.
const TCP_STATES: Readonly<Record<string, SocketState>> = {
	'01': 'ESTABLISHED',
	'02': 'SYN_SENT',
	'03': 'SYN_RECV',
	'04': 'FIN_WAIT1',
	'05': 'FIN_WAIT2',
	'06': 'TIME_WAIT',
	'07': 'CLOSE',
	'08': 'CLOSE_WAIT',
	'09': 'LAST_ACK',
	'0A': 'LISTEN',
	'0B': 'CLOSING',
	'0C': 'NEW_SYN_RECV',
};

// Real lines are ~150 (IPv4) / ~180 (IPv6) characters; anything far longer is not a kernel line.
const MAX_LINE = 1024;

// sl: local:port remote:port st tx:rx tr:when retrnsmt uid timeout inode [...]
// One regex per line rather than split(): a busy host has 100k lines per poll.
const lineFormat = (hexDigits: number) => {
	const endpoint = `([0-9A-Fa-f]{${hexDigits}}):([0-9A-Fa-f]{4})`;
	return new RegExp(
		`^\\s*\\d+:\\s+${endpoint}\\s+${endpoint}\\s+([0-9A-Fa-f]{2})\\s+\\S+\\s+\\S+\\s+\\S+\\s+(\\d{1,10})\\s+\\S+\\s+(\\d{1,10})(?:\\s|$)`,
	);
};
const LINE = {4: lineFormat(8), 6: lineFormat(32)} as const;

/** TCP_STATES by the code's value (the scan reads it as a number). */
const STATE_BY_CODE: readonly (SocketState | undefined)[] = Array.from(
	{length: 256},
	(_, code) => TCP_STATES[code.toString(16).toUpperCase().padStart(2, '0')],
);
const UDP_CLOSE = 7;

export function parseProcNet(text: string, file: ProcNetFile, options: ParseOptions = {}): ProcNetParse {
	const family: Family = file.endsWith('6') ? 6 : 4;
	const proto: Proto = file.startsWith('tcp') ? 'tcp' : 'udp';
	// Most sockets share a handful of addresses (loopback, wildcard, the host's own).
	const addresses = new Map<string, string>();
	const decode = (hex: string) => {
		let text = addresses.get(hex);
		if (text === undefined) {
			text = decodeAddress(hex, family, options);
			addresses.set(hex, text);
		}
		return text;
	};
	// IPv4 addresses by their hex as a number (the scan reads it so): no string per address.
	const words = new Map<number, string>();
	const decodeWord = (word: number, hexAt: number) => {
		let text4 = words.get(word);
		if (text4 === undefined) {
			text4 = decode(text.slice(hexAt, hexAt + 8));
			words.set(word, text4);
		}
		return text4;
	};
	const hexDigits = family === 4 ? 8 : 32;
	const scanned: ScannedLine = {
		local: 0,
		localPort: 0,
		remote: 0,
		remotePort: 0,
		remoteZero: false,
		localWord: 0,
		remoteWord: 0,
		state: 0,
		uid: 0,
		inode: 0,
	};
	const entries: ProcNetEntry[] = [];
	let skippedLines = 0;
	// Line by line as split('\n') would cut them, each scanned by hand (proc-net-line-scan.ts)
	// and given to the regex only when the scan cannot read it.
	for (let start = 0; start <= text.length; ) {
		let end = text.indexOf('\n', start);
		if (end === -1) end = text.length;
		if (end - start <= MAX_LINE && scanProcNetLine(text, start, end, hexDigits, scanned)) {
			const {remotePort, remoteZero} = scanned;
			const noRemote = remotePort === 0 && remoteZero;
			const state: SocketState =
				proto === 'udp' && scanned.state === UDP_CLOSE && noRemote
					? 'UNCONN'
					: (STATE_BY_CODE[scanned.state] ?? 'UNKNOWN');
			entries.push({
				proto,
				family,
				localAddress:
					family === 4
						? decodeWord(scanned.localWord, scanned.local)
						: decode(text.slice(scanned.local, scanned.local + 32)),
				localPort: scanned.localPort,
				remoteAddress: noRemote
					? null
					: family === 4
						? decodeWord(scanned.remoteWord, scanned.remote)
						: decode(text.slice(scanned.remote, scanned.remote + 32)),
				remotePort: noRemote ? null : remotePort,
				state,
				uid: scanned.uid,
				inode: scanned.inode,
			});
		} else {
			const entry = parseLine(text.slice(start, end), proto, family, decode);
			if (entry === null) {
				const line = text.slice(start, end);
				if (line.trim() !== '' && !/^\s*sl\s/.test(line)) skippedLines++; // blank tail, header
			} else entries.push(entry);
		}
		start = end + 1;
	}
	return {entries, skippedLines};
}

/** parseProcNet by the regex alone, line by line: what the scan must agree with (its tests). */
export function parseProcNetByRegex(
	text: string,
	file: ProcNetFile,
	options: ParseOptions = {},
): ProcNetParse {
	const family: Family = file.endsWith('6') ? 6 : 4;
	const proto: Proto = file.startsWith('tcp') ? 'tcp' : 'udp';
	const decode = (hex: string) => decodeAddress(hex, family, options);
	const entries: ProcNetEntry[] = [];
	let skippedLines = 0;
	for (const line of text.split('\n')) {
		const entry = parseLine(line, proto, family, decode);
		if (entry !== null) entries.push(entry);
		else if (line.trim() !== '' && !/^\s*sl\s/.test(line)) skippedLines++;
	}
	return {entries, skippedLines};
}

/** One line by the regex: what the kernel's own layout does not fit (parseProcNet's scan gave up). */
function parseLine(
	line: string,
	proto: Proto,
	family: Family,
	decode: (hex: string) => string,
): ProcNetEntry | null {
	const m = line.length <= MAX_LINE ? LINE[family].exec(line) : null;
	if (!m) return null;
	const [, localHex, localPortHex, remoteHex, remotePortHex, st, uid, inode] = m as unknown as string[];
	const remotePort = Number.parseInt(remotePortHex!, 16);
	const noRemote = remotePort === 0 && /^0+$/.test(remoteHex!);
	const code = st!.toUpperCase();
	// UDP reuses the TCP codes: TCP_CLOSE = unconnected, TCP_ESTABLISHED = connect()ed.
	const state: SocketState =
		proto === 'udp' && code === '07' && noRemote ? 'UNCONN' : (TCP_STATES[code] ?? 'UNKNOWN');
	return {
		proto,
		family,
		localAddress: decode(localHex!),
		localPort: Number.parseInt(localPortHex!, 16),
		remoteAddress: noRemote ? null : decode(remoteHex!),
		remotePort: noRemote ? null : remotePort,
		state,
		uid: Number(uid),
		inode: Number(inode),
	};
}

/** `hex` is 8 (IPv4) or 32 (IPv6) hex digits: 32-bit words, each printed in host byte order. */
function decodeAddress(hex: string, family: Family, options: ParseOptions): string {
	const bytes: number[] = [];
	for (let w = 0; w < hex.length; w += 8) {
		const word = Number.parseInt(hex.slice(w, w + 8), 16);
		const wordBytes = [word >>> 24, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff];
		if (!options.bigEndian) wordBytes.reverse();
		bytes.push(...wordBytes);
	}
	return family === 4 ? formatIPv4(bytes) : formatIPv6(bytes);
}

/** fe80::/10: an address that means something only on one interface. */
export function isLinkLocal(address: string): boolean {
	return /^fe[89ab][0-9a-f]:/i.test(address);
}

/**
 * Parses /proc/net/if_inet6 (`address ifindex prefixlen scope flags name`, the address as
 * 32 hex digits in network order) into link-local address → interface name. The first
 * interface wins when one address is on several.
 */
export function parseIfInet6(text: string): Map<string, string> {
	const scopes = new Map<string, string>();
	for (const line of text.split('\n')) {
		const m =
			/^\s*([0-9a-fA-F]{32})\s+[0-9a-fA-F]+\s+[0-9a-fA-F]+\s+[0-9a-fA-F]+\s+[0-9a-fA-F]+\s+(\S{1,64})\s*$/.exec(
				line,
			);
		if (!m) continue;
		const bytes: number[] = [];
		for (let i = 0; i < 32; i += 2) bytes.push(Number.parseInt(m[1]!.slice(i, i + 2), 16));
		const address = formatIPv6(bytes);
		if (isLinkLocal(address) && !scopes.has(address)) scopes.set(address, m[2]!);
	}
	return scopes;
}

/**
 * Gives link-local IPv6 addresses their `%interface`: the local end from SCOPES
 * (parseIfInet6), a link-local remote end the scope of its local end (a peer on a link
 * is reached through the interface the connection uses). Entries without a link-local
 * end come back as they are.
 */
export function withScopes(
	entries: readonly ProcNetEntry[],
	scopes: ReadonlyMap<string, string>,
): ProcNetEntry[] {
	return entries.map((entry) => {
		if (entry.family !== 6) return entry;
		const localLinkLocal = isLinkLocal(entry.localAddress);
		const remoteLinkLocal = entry.remoteAddress !== null && isLinkLocal(entry.remoteAddress);
		if (!localLinkLocal && !remoteLinkLocal) return entry;
		const scope = localLinkLocal ? scopes.get(entry.localAddress) : undefined;
		if (scope === undefined) return entry;
		return {
			...entry,
			localAddress: `${entry.localAddress}%${scope}`,
			remoteAddress: remoteLinkLocal ? `${entry.remoteAddress}%${scope}` : entry.remoteAddress,
		};
	});
}

// Parses `ss -t -i -n -H -e` output (with or without `-O`) into per-socket tcp_info counters and
// queue sizes, keyed by socket inode (the join key with the socket table).
//
// Shapes handled (fixtures in test/fixtures/traffic/, SOURCES.md):
// - iproute2 ≥ 5.2 with `-O`: one line per socket, tcp_info after the `<->` marker;
// - without `-O` (and before 5.2): the tcp_info on a second line that starts with a tab;
// - counters printed only when non-zero: a socket with tcp_info but no `bytes_received:` has
//   received nothing (a real zero), while a socket with no tcp_info at all (TIME-WAIT) has no counters;
// - kernels before 4.19 print `bytes_acked:` but no `bytes_sent:` (sent is then estimated from acked);
// - a state filter on the command line drops the State column (the line then starts with Recv-Q).

export interface SsTcpSocket {
	/** `ESTAB`, `LISTEN`, `TIME-WAIT`… as ss prints it, or null when the column was left out. */
	readonly state: string | null;
	/** For a listener the current accept queue; for a connection the bytes not yet read. */
	readonly recvQ: number;
	/** For a listener its backlog; for a connection the bytes not yet acknowledged. */
	readonly sendQ: number;
	readonly local: string;
	readonly peer: string;
	readonly inode: number;
	/** Cumulative bytes (tcp_info); null when ss printed no tcp_info for the socket. */
	readonly bytesSent: number | null;
	readonly bytesReceived: number | null;
}

export interface SsTcpParse {
	readonly sockets: SsTcpSocket[];
	/** Socket lines that could not be read (skipped, never thrown). */
	readonly skippedLines: number;
}

const COUNT = /^\d{1,20}$/;

/** Fields that only appear in tcp_info: their presence means the counters were printed. */
const TCP_INFO = /(?:^|\s)(?:cwnd|rto|mss|bytes_acked|bytes_received|bytes_sent|segs_out):/;
const FIELDS = {
	ino: /(?:^|\s)ino:(\d{1,20})(?=\s|$)/,
	sent: /(?:^|\s)bytes_sent:(\d{1,20})(?=\s|$)/,
	received: /(?:^|\s)bytes_received:(\d{1,20})(?=\s|$)/,
	acked: /(?:^|\s)bytes_acked:(\d{1,20})(?=\s|$)/,
} as const;

/** The number after a field in REST, or null when absent or not a safe integer. */
function field(rest: string, pattern: RegExp): number | null {
	const match = pattern.exec(rest);
	if (match === null) return null;
	const value = Number(match[1]);
	return Number.isSafeInteger(value) ? value : null;
}

/** Whitespace-separated words of LINE from FROM on: the next word and where it ends. */
function nextWord(line: string, from: number): [string, number] | null {
	let start = from;
	while (start < line.length && (line.charCodeAt(start) === 32 || line.charCodeAt(start) === 9)) start++;
	if (start >= line.length) return null;
	let end = start;
	while (end < line.length && line.charCodeAt(end) !== 32 && line.charCodeAt(end) !== 9) end++;
	return [line.slice(start, end), end];
}

/**
 * One socket's text (its lines joined with a space). Only the first five columns are split into
 * words; the rest is searched with regular expressions: a full dump is megabytes of tcp_info, and
 * splitting every word of it cost more than the rest of the parse (measured, docs/traffic.md).
 */
export function parseSsSocket(text: string): SsTcpSocket | null {
	const words: string[] = [];
	let at = 0;
	for (let i = 0; i < 5; i++) {
		const next = nextWord(text, at);
		if (next === null) break;
		words.push(next[0]);
		at = next[1];
	}
	// With a state filter (`ss -t state established`) ss leaves the State column out.
	const hasState = words.length > 0 && !COUNT.test(words[0]!);
	if (!hasState && words.length === 5) at -= words.pop()!.length;
	const first = hasState ? 1 : 0;
	const recv = words[first];
	const send = words[first + 1];
	const local = words[first + 2];
	const peer = words[first + 3];
	if (recv === undefined || send === undefined || local === undefined || peer === undefined) return null;
	if (!COUNT.test(recv) || !COUNT.test(send) || !local.includes(':') || !peer.includes(':')) return null;
	const rest = text.slice(at);
	const inode = field(rest, FIELDS.ino);
	if (inode === null) return null;
	let bytesSent: number | null = null;
	let bytesReceived: number | null = null;
	if (TCP_INFO.test(rest)) {
		bytesReceived = field(rest, FIELDS.received) ?? 0;
		const sent = field(rest, FIELDS.sent);
		// bytes_sent came with kernel 4.19; before it, bytes_acked (which also counts the SYN
		// and FIN, +1 each) is the closest figure. On newer kernels acked never exceeds sent + 2,
		// so acked > 2 without bytes_sent means an older kernel.
		const acked = field(rest, FIELDS.acked);
		bytesSent = sent ?? (acked !== null && acked > 2 ? acked - 1 : 0);
	}
	return {
		state: hasState ? words[0]! : null,
		recvQ: Number(recv),
		sendQ: Number(send),
		local,
		peer,
		inode,
		bytesSent,
		bytesReceived,
	};
}

/**
 * Every socket of the output with its inode. A line starting with white space continues the
 * socket above (the two-line format); sockets without an inode (`ino:0`, TIME-WAIT) are left out.
 */
export function parseSsTcp(text: string): SsTcpParse {
	const sockets: SsTcpSocket[] = [];
	let skippedLines = 0;
	let pending: string | null = null;
	const flush = () => {
		if (pending === null) return;
		const socket = parseSsSocket(pending);
		if (socket === null) skippedLines++;
		else if (socket.inode !== 0) sockets.push(socket);
		pending = null;
	};
	for (const line of text.split('\n')) {
		if (line.trim() === '') continue;
		const first = line.charCodeAt(0);
		if ((first === 32 || first === 9) && pending !== null) {
			pending += ` ${line}`;
			continue;
		}
		flush();
		// Versions before `-H` print a header line.
		if (/^\s*(?:State|Recv-Q)\s/.test(line)) continue;
		pending = line;
	}
	flush();
	return {sockets, skippedLines};
}

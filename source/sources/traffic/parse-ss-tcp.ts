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
const TCP_INFO_MARKERS = [
	'cwnd:',
	'rto:',
	'mss:',
	'bytes_acked:',
	'bytes_received:',
	'bytes_sent:',
	'segs_out:',
];

function numberAfter(tokens: readonly string[], prefix: string): number | null {
	for (const token of tokens) {
		if (!token.startsWith(prefix)) continue;
		const text = token.slice(prefix.length);
		if (!COUNT.test(text)) return null;
		const value = Number(text);
		return Number.isSafeInteger(value) ? value : null;
	}
	return null;
}

function parseSocket(tokens: readonly string[]): SsTcpSocket | null {
	// With a state filter (`ss -t state established`) ss leaves the State column out.
	const hasState = tokens.length > 0 && !COUNT.test(tokens[0]!);
	const at = hasState ? 1 : 0;
	const recv = tokens[at];
	const send = tokens[at + 1];
	const local = tokens[at + 2];
	const peer = tokens[at + 3];
	if (recv === undefined || send === undefined || local === undefined || peer === undefined) return null;
	if (!COUNT.test(recv) || !COUNT.test(send) || !local.includes(':') || !peer.includes(':')) return null;
	const rest = tokens.slice(at + 4);
	const inode = numberAfter(rest, 'ino:');
	if (inode === null) return null;
	const hasInfo = rest.some((token) => TCP_INFO_MARKERS.some((marker) => token.startsWith(marker)));
	let bytesSent: number | null = null;
	let bytesReceived: number | null = null;
	if (hasInfo) {
		bytesReceived = numberAfter(rest, 'bytes_received:') ?? 0;
		const sent = numberAfter(rest, 'bytes_sent:');
		// bytes_sent came with kernel 4.19; before it, bytes_acked (which also counts the SYN
		// and FIN, +1 each) is the closest figure. On newer kernels acked never exceeds sent + 2,
		// so acked > 2 without bytes_sent means an older kernel.
		const acked = numberAfter(rest, 'bytes_acked:');
		bytesSent = sent ?? (acked !== null && acked > 2 ? acked - 1 : 0);
	}
	return {
		state: hasState ? tokens[0]! : null,
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
	let pending: string[] | null = null;
	const flush = () => {
		if (pending === null) return;
		const socket = parseSocket(pending);
		if (socket === null) skippedLines++;
		else if (socket.inode !== 0) sockets.push(socket);
		pending = null;
	};
	for (const line of text.split('\n')) {
		if (line.trim() === '') continue;
		const tokens = line.trim().split(/\s+/);
		if (/^\s/.test(line) && pending !== null) {
			pending.push(...tokens);
			continue;
		}
		flush();
		// Versions before `-H` print a header line.
		if (tokens[0] === 'State' || tokens[0] === 'Recv-Q') continue;
		pending = tokens;
	}
	flush();
	return {sockets, skippedLines};
}

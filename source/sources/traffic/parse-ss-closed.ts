// Reads the close events of `ss -tinHOeE` (iproute2; `-E` follows the kernel's sock_diag
// destroy broadcasts), line by line as they arrive: each is a TCP socket being destroyed, with
// its final tcp_info. Captured here (test/fixtures/traffic/SOURCES.md): the state column says
// UNCONN (TCP_CLOSE), `ino:0` (the file is gone by then), `sk:` is the socket's cookie, and
// `bytes_received` counts the peer's FIN (+1) once it arrived, as on a live socket.
import {parseSsSocket} from './parse-ss-tcp.js';

export interface ClosedSocket {
	/** `127.0.0.1:36448`, `[::1]:8080`, as ss prints them. */
	readonly local: string;
	readonly peer: string;
	readonly bytesSent: number;
	readonly bytesReceived: number;
}

/** Fields only tcp_info has: a line with one of them holds the socket's counters. */
const TCP_INFO = /(?:^|\s)(?:cwnd|rto|mss|bytes_acked|bytes_received|bytes_sent|segs_out):/;

export interface ClosedSocketReader {
	/** One line of ss's output, without its newline. */
	line(text: string): void;
}

/**
 * Calls `onClosed` for each connection closing with counters. With `-O` a socket is one line
 * and is reported at once; without it (iproute2 < 5.2) the tcp_info comes on a second line
 * starting with a tab, and the socket is reported when that line arrives. Listeners (peer `*`),
 * sockets without tcp_info and lines that do not parse are left out.
 */
export function createClosedSocketReader(onClosed: (socket: ClosedSocket) => void): ClosedSocketReader {
	let pending: string | null = null;
	const emit = (text: string) => {
		const socket = parseSsSocket(text);
		if (socket === null || socket.bytesSent === null || socket.bytesReceived === null) return;
		if (socket.peer.endsWith(':*')) return;
		onClosed({
			local: socket.local,
			peer: socket.peer,
			bytesSent: socket.bytesSent,
			bytesReceived: socket.bytesReceived,
		});
	};
	return {
		line(text) {
			if (text.trim() === '') return;
			const first = text.charCodeAt(0);
			if (first === 32 || first === 9) {
				if (pending === null) return;
				const whole: string = `${pending} ${text}`;
				pending = null;
				emit(whole);
				return;
			}
			// A head line: the one before it had no tcp_info line (nothing to report).
			pending = null;
			if (/^\s*(?:State|Recv-Q)\s/.test(text)) return;
			if (TCP_INFO.test(text)) emit(text);
			else pending = text;
		},
	};
}

// Parses the Tcp counters of /proc/net/snmp (a line of names, then a line of values): the
// segments the network namespace's TCP received, sent and retransmitted since boot. The
// traffic store reads them before each poll: when none moved, no TCP socket's byte counters
// can have moved either (docs/traffic.md, "Idle: no segments, no ss"), so `ss` is not run.

import {counterPairs} from './proc-counter-pairs.js';

export interface TcpSegments {
	/** Segments received (tcp_v4_rcv / tcp_v6_rcv: every segment handed to TCP, errors included). */
	readonly inSegs: number;
	/** Segments sent with new data, or without data (ACK, SYN, FIN, RST); retransmissions not. */
	readonly outSegs: number;
	/** Segments retransmitted (they add to a socket's bytes_sent but not to OutSegs). */
	readonly retransSegs: number;
}

/** Null when the text has no Tcp pair with the three counters. */
export function parseTcpSnmp(text: string): TcpSegments | null {
	for (const get of counterPairs(text, 'Tcp:')) {
		const inSegs = get('InSegs');
		const outSegs = get('OutSegs');
		const retransSegs = get('RetransSegs');
		if (inSegs !== null && outSegs !== null && retransSegs !== null) return {inSegs, outSegs, retransSegs};
	}
	return null;
}

export const sameSegments = (a: TcpSegments, b: TcpSegments) =>
	a.inSegs === b.inSegs && a.outSegs === b.outSegs && a.retransSegs === b.retransSegs;

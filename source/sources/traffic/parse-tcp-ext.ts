// Parses the TcpExt counters of /proc/net/netstat: a line of names, then a line of values.
import {counterPairs} from './proc-counter-pairs.js';

export interface ListenCounters {
	/** Connections dropped because a listener's accept queue was full (since boot, machine-wide). */
	readonly listenOverflows: number;
	/** Every SYN or ACK dropped at a listener, overflows included. */
	readonly listenDrops: number;
}

/** Null when the text has no TcpExt pair with both counters. */
export function parseTcpExt(text: string): ListenCounters | null {
	for (const get of counterPairs(text, 'TcpExt:')) {
		const listenOverflows = get('ListenOverflows');
		const listenDrops = get('ListenDrops');
		if (listenOverflows !== null && listenDrops !== null) return {listenOverflows, listenDrops};
	}
	return null;
}

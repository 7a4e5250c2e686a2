// Parses the TcpExt counters of /proc/net/netstat: a line of names, then a line of values.

export interface ListenCounters {
	/** Connections dropped because a listener's accept queue was full (since boot, machine-wide). */
	readonly listenOverflows: number;
	/** Every SYN or ACK dropped at a listener, overflows included. */
	readonly listenDrops: number;
}

/** Null when the text has no TcpExt pair with both counters. */
export function parseTcpExt(text: string): ListenCounters | null {
	const lines = text.split('\n').filter((line) => line.startsWith('TcpExt:'));
	for (let i = 0; i + 1 < lines.length; i += 2) {
		const names = lines[i]!.trim().split(/\s+/);
		const values = lines[i + 1]!.trim().split(/\s+/);
		if (names.length !== values.length) continue;
		const get = (name: string) => {
			const at = names.indexOf(name);
			const value = at < 0 ? '' : values[at]!;
			return /^\d{1,20}$/.test(value) ? Number(value) : null;
		};
		const listenOverflows = get('ListenOverflows');
		const listenDrops = get('ListenDrops');
		if (listenOverflows !== null && listenDrops !== null) return {listenOverflows, listenDrops};
	}
	return null;
}

// Parses /proc/net/dev (and /proc/<pid>/net/dev: the same table for that network namespace).

export interface NetDevTotals {
	/** Bytes received and sent since boot, summed over the interfaces counted. */
	readonly rxBytes: number;
	readonly txBytes: number;
	readonly interfaces: number;
}

/**
 * The machine's traffic: every interface but loopback (`lo`), whose bytes are the machine
 * talking to itself and would count each byte twice (sent and received). Null when the text
 * holds no interface line.
 */
export function parseNetDev(text: string): NetDevTotals | null {
	let rxBytes = 0;
	let txBytes = 0;
	let interfaces = 0;
	for (const line of text.split('\n')) {
		const colon = line.indexOf(':');
		if (colon < 0) continue;
		const name = line.slice(0, colon).trim();
		if (name === '' || name.includes('|') || name === 'lo') continue;
		const fields = line
			.slice(colon + 1)
			.trim()
			.split(/\s+/);
		if (fields.length < 16 || !fields.every((field) => /^\d{1,20}$/.test(field))) continue;
		rxBytes += Number(fields[0]);
		txBytes += Number(fields[8]);
		interfaces++;
	}
	return interfaces === 0 ? null : {rxBytes, txBytes, interfaces};
}

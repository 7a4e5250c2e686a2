// Parses /proc/net/dev (and /proc/<pid>/net/dev: the same table for that network namespace).

export interface NetDevTotals {
	/** Bytes received and sent since boot, summed over the interfaces counted. */
	readonly rxBytes: number;
	readonly txBytes: number;
	readonly interfaces: number;
}

/** One interface's line: its name and its byte counters since it was made. */
export interface NetDevInterface {
	readonly name: string;
	readonly rxBytes: number;
	readonly txBytes: number;
	readonly rxPackets: number;
	readonly txPackets: number;
}

/** Every interface line of the table, loopback included; lines that are not one are skipped. */
export function parseNetDevInterfaces(text: string): NetDevInterface[] {
	const interfaces: NetDevInterface[] = [];
	for (const line of text.split('\n')) {
		const colon = line.indexOf(':');
		if (colon < 0) continue;
		const name = line.slice(0, colon).trim();
		if (name === '' || name.includes('|')) continue;
		const fields = line
			.slice(colon + 1)
			.trim()
			.split(/\s+/);
		if (fields.length < 16 || !fields.every((field) => /^\d{1,20}$/.test(field))) continue;
		interfaces.push({
			name,
			rxBytes: Number(fields[0]),
			rxPackets: Number(fields[1]),
			txBytes: Number(fields[8]),
			txPackets: Number(fields[9]),
		});
	}
	return interfaces;
}

/**
 * One namespace's traffic: every interface but loopback (`lo`), whose bytes are the namespace
 * talking to itself and would count each byte twice (sent and received). Null when the text
 * holds no interface line.
 */
export function parseNetDev(text: string): NetDevTotals | null {
	let rxBytes = 0;
	let txBytes = 0;
	let interfaces = 0;
	for (const line of parseNetDevInterfaces(text)) {
		if (line.name === 'lo') continue;
		rxBytes += line.rxBytes;
		txBytes += line.txBytes;
		interfaces++;
	}
	return interfaces === 0 ? null : {rxBytes, txBytes, interfaces};
}

// The machine's rates from two reads of every namespace's interface counters: each interface's
// difference, summed over those that count now (link-count.ts decides, every read). Per
// interface, not from two sums: a namespace (or a container's veth) that comes or goes between
// two reads would otherwise add or take away its whole counter at once, a spike of gigabytes.
import type {MachineNetDev} from '../sources/traffic/netns-net-dev.js';

export interface MachineSample {
	readonly at: number;
	readonly byId: ReadonlyMap<string, {readonly rx: number; readonly tx: number}>;
}

export interface MachineTotals {
	/** Bytes per second received and sent by the machine (every interface counted, loopback left out). */
	readonly rateIn: number;
	readonly rateOut: number;
	/** Bytes per second over every namespace's loopback (each byte once). */
	readonly loopback: number;
	/** How many namespaces' interfaces were read. */
	readonly namespaces: number;
}

export function sampleOf(netDev: MachineNetDev, at: number): MachineSample {
	return {
		at,
		byId: new Map(netDev.interfaces.map((line) => [line.id, {rx: line.rxBytes, tx: line.txBytes}])),
	};
}

/** The rates since BEFORE; null without an earlier read to compare with. */
export function machineTotals(
	before: MachineSample | null,
	netDev: MachineNetDev,
	at: number,
): MachineTotals | null {
	if (before === null || at <= before.at) return null;
	let rx = 0;
	let tx = 0;
	let loop = 0;
	for (const line of netDev.interfaces) {
		if (line.role === 'peer') continue;
		const past = before.byId.get(line.id);
		// New since then, or made again under the same name (counters back to 0): from the next read.
		if (past === undefined || line.rxBytes < past.rx || line.txBytes < past.tx) continue;
		if (line.role === 'loopback') loop += line.txBytes - past.tx;
		else {
			rx += line.rxBytes - past.rx;
			tx += line.txBytes - past.tx;
		}
	}
	const seconds = (at - before.at) / 1000;
	return {
		rateIn: rx / seconds,
		rateOut: tx / seconds,
		loopback: loop / seconds,
		namespaces: netDev.namespaces,
	};
}

import type {PortResult, PortState} from './scan-types.js';

export interface PortChange {
	readonly host: string;
	readonly port: number;
	readonly before: PortState;
	readonly after: PortState;
}

export interface ScanComparison {
	/** Open now, closed or filtered before. */
	readonly newlyOpen: readonly PortChange[];
	/** Open before, closed or filtered now. */
	readonly newlyClosed: readonly PortChange[];
	/** Ports scanned in only one of the two scans (not compared). */
	readonly notCompared: number;
}

const key = (result: PortResult) => `${result.host}\u0000${result.port}`;

/** What changed between two scans of the same target; only ports both scans answered are compared. */
export function compareScans(before: Iterable<PortResult>, after: Iterable<PortResult>): ScanComparison {
	const earlier = new Map<string, PortResult>();
	for (const result of before) earlier.set(key(result), result);
	const newlyOpen: PortChange[] = [];
	const newlyClosed: PortChange[] = [];
	let matched = 0;
	let laterOnly = 0;
	for (const result of after) {
		const previous = earlier.get(key(result));
		if (!previous) {
			laterOnly++;
			continue;
		}
		matched++;
		const change = {host: result.host, port: result.port, before: previous.state, after: result.state};
		if (result.state === 'open' && previous.state !== 'open') newlyOpen.push(change);
		else if (result.state !== 'open' && previous.state === 'open') newlyClosed.push(change);
	}
	const order = (a: PortChange, b: PortChange) =>
		a.host < b.host ? -1 : a.host > b.host ? 1 : a.port - b.port;
	return {
		newlyOpen: newlyOpen.sort(order),
		newlyClosed: newlyClosed.sort(order),
		notCompared: earlier.size - matched + laterOnly,
	};
}

// Shapes shared by the scan engine, the connect functions and their callers.

/**
 * What one TCP connect attempt saw. `{error}` carries an errno-style code
 * (`EMFILE`, `EHOSTUNREACH`...). `{state, rttMs}` is an answer whose round trip the
 * connect function measured itself (more exact than the engine's clock when the
 * connect runs on another thread); with a bare 'open'/'closed' the engine times it.
 * A connect function must never reject for network reasons, must settle promptly
 * once `signal` aborts, and must leave no socket or timer behind when it settles.
 */
export type ConnectOutcome =
	| 'open'
	| 'closed'
	| 'timeout'
	| {readonly error: string}
	| {readonly state: 'open' | 'closed'; readonly rttMs: number};

export type ConnectFn = (
	host: string,
	port: number,
	timeoutMs: number,
	signal: AbortSignal,
) => Promise<ConnectOutcome>;

/**
 * open = connected; closed = refused; filtered = no answer within the timeout (twice);
 * unreachable = the connect failed at once with an error (no route, no usable local
 * address, a link-local address without its interface...): see `PortResult.error`.
 */
export type PortState = 'open' | 'closed' | 'filtered' | 'unreachable';

export interface PortResult {
	readonly host: string;
	readonly port: number;
	readonly state: PortState;
	/** Connect round trip for open ports; null otherwise. */
	readonly latencyMs: number | null;
	/** The error code (`EHOSTUNREACH`, `EINVAL`...) of an unreachable port; absent otherwise. */
	readonly error?: string;
}

export interface ScanProgress {
	/** Probes with a final answer (open, closed, filtered or unreachable). */
	readonly done: number;
	readonly total: number;
	readonly open: number;
	readonly closed: number;
	readonly filtered: number;
	readonly unreachable: number;
	readonly inFlight: number;
	/** Current concurrency limit (lowered when the system runs out of file descriptors). */
	readonly concurrency: number;
	/** Connect timeout currently used for the first host. */
	readonly timeoutMs: number;
	readonly elapsedMs: number;
	/** Final answers per second so far. */
	readonly ratePerSecond: number;
	/** Estimated time left, or null before the first answer. */
	readonly etaMs: number | null;
}

/** Completes progress counts with the rate and ETA derived from them. */
export function withRate(counts: Omit<ScanProgress, 'ratePerSecond' | 'etaMs'>): ScanProgress {
	const {done, total, elapsedMs} = counts;
	const ratePerSecond = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
	return {
		...counts,
		ratePerSecond,
		etaMs: done > 0 && ratePerSecond > 0 ? ((total - done) * 1000) / ratePerSecond : null,
	};
}

/** State codes in ScanReport.states (only there: worker messages have their own, see connect-messages.ts). */
export const PENDING = 0;
export const OPEN = 1;
export const CLOSED = 2;
export const FILTERED = 3;
export const UNREACHABLE = 4;
export const STATE_NAMES: readonly (PortState | null)[] = [null, 'open', 'closed', 'filtered', 'unreachable'];

/**
 * The outcome of a scan, stored compactly: probe `i` is host `hosts[floor(i / ports.length)]`,
 * port `ports[i % ports.length]`. Use `scanResults()` to read it as PortResults.
 */
export interface ScanReport {
	readonly hosts: readonly string[];
	readonly ports: readonly number[];
	/** PENDING / OPEN / CLOSED / FILTERED / UNREACHABLE per probe (PENDING only when cancelled). */
	readonly states: Uint8Array;
	/** Probe index → latency, for open probes. */
	readonly latencyMs: ReadonlyMap<number, number>;
	/** Probe index → error code, for unreachable probes. */
	readonly errors: ReadonlyMap<number, string>;
	readonly open: number;
	readonly closed: number;
	readonly filtered: number;
	readonly unreachable: number;
	readonly total: number;
	readonly cancelled: boolean;
	readonly elapsedMs: number;
}

/** A scan that could not go on (e.g. no file descriptor could be had at all). One line. */
export class ScanError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ScanError';
	}
}

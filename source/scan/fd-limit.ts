import {readdirSync, readFileSync} from 'node:fs';

export const CONCURRENCY_CAP = 1000;
export const FALLBACK_CONCURRENCY = 256;

/** The soft `Max open files` from /proc/<pid>/limits text; Infinity for unlimited, null if absent. */
export function parseMaxOpenFiles(limitsText: string): number | null {
	const match = /^Max open files\s+(\S+)\s+(\S+)/m.exec(limitsText);
	if (!match) return null;
	if (match[1] === 'unlimited') return Number.POSITIVE_INFINITY;
	const value = Number(match[1]);
	return Number.isInteger(value) && value > 0 ? value : null;
}

export interface FdBudget {
	/** Soft open-file limit, or null when unknown (not Linux). */
	readonly softLimit: number | null;
	/** Descriptors this process already holds. */
	readonly openFds: number;
}

/**
 * Connects that fit under the open-file limit: what is left after the fds already open,
 * less a reserve for the rest of the app (10 %, at least 16), capped at CONCURRENCY_CAP.
 */
export function deriveConcurrency(budget: FdBudget, cap = CONCURRENCY_CAP): number {
	if (budget.softLimit === null) return Math.min(cap, FALLBACK_CONCURRENCY);
	if (!Number.isFinite(budget.softLimit)) return cap;
	const reserve = Math.max(16, Math.floor(budget.softLimit * 0.1));
	return Math.max(1, Math.min(cap, budget.softLimit - budget.openFds - reserve));
}

/**
 * Reads the budget from /proc/self (Linux); elsewhere the limit is unknown. Never spawns anything.
 * Read synchronously: two reads of /proc that take microseconds, where fs/promises cost a
 * round trip through libuv's thread pool each at the start of every scan.
 */
export async function readFdBudget(platform: NodeJS.Platform = process.platform): Promise<FdBudget> {
	if (platform !== 'linux') return {softLimit: null, openFds: 0};
	try {
		const limits = readFileSync('/proc/self/limits', 'utf8');
		const fds = readdirSync('/proc/self/fd');
		return {softLimit: parseMaxOpenFiles(limits), openFds: fds.length};
	} catch {
		return {softLimit: null, openFds: 0};
	}
}

export async function defaultConcurrency(): Promise<number> {
	return deriveConcurrency(await readFdBudget());
}

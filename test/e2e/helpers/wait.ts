import {setTimeout as delay} from 'node:timers/promises';

/**
 * The bound for waits that include starting a process and its first poll. Far
 * above what it takes, so only a hang fails (others load this machine too).
 */
export const STARTUP_MS = 30_000;

export interface WaitOptions {
	/** Give up after this long (a bound, never an expectation of speed). */
	readonly timeoutMs?: number;
	/** Pause between attempts. */
	readonly intervalMs?: number;
}

/**
 * Calls `probe` until it returns something other than undefined/false and
 * returns that, or throws after `timeoutMs` with `what` and the last value seen.
 * The loop is bounded by the deadline, whatever the probe does.
 */
export async function waitFor<T>(
	what: string,
	probe: () => T | undefined | false | Promise<T | undefined | false>,
	options: WaitOptions & {readonly describe?: () => string | Promise<string>} = {},
): Promise<T> {
	const {timeoutMs = 10_000, intervalMs = 100} = options;
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown = null;
	for (;;) {
		try {
			const value = await probe();
			if (value !== undefined && value !== false) return value;
			lastError = null;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() >= deadline) {
			const detail = options.describe ? `\n--- last state ---\n${await options.describe()}` : '';
			const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}${detail}`);
		}
		await delay(intervalMs);
	}
}

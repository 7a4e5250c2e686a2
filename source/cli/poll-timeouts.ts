import {FIRST_POLL_TIMEOUT_MS} from '../store/poll-bounds.js';

export interface PollTimeouts {
	/** Bound on a read while there is no data yet (`--once`, a dashboard's or stream's first poll). */
	readonly firstMs: number;
	/** Bound on each later poll: old data stays on screen (stale) if it is hit. */
	readonly laterMs: number;
}

/**
 * `--timeout`, when given, bounds every read. Without it a cold read gets a generous cap
 * (on a busy host with 40,000 sockets it took several seconds while a 2 s bound made every
 * `--once` fail), and later polls the interval, at least 1 s.
 */
export function pollTimeouts(explicitMs: number | null, intervalMs: number): PollTimeouts {
	if (explicitMs !== null) return {firstMs: explicitMs, laterMs: explicitMs};
	return {firstMs: FIRST_POLL_TIMEOUT_MS, laterMs: Math.max(1000, intervalMs)};
}

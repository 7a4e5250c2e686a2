import {quote} from './quote.js';

// Durations as people type them on a command line: `500ms`, `30s`, `2m`, `1h`, `1.5s`.
// A bare number is refused rather than guessed: `--timeout 30` could mean 30 ms or 30 s.

const UNIT_MS: Readonly<Record<string, number>> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000};

export interface DurationRange {
	readonly minMs: number;
	readonly maxMs: number;
}

/** Milliseconds (rounded to whole ones), or the one-line error naming FLAG. */
export function parseDuration(flag: string, raw: string, range: DurationRange): number | string {
	const m = /^(\d{1,9}(?:\.\d{1,3})?)(ms|s|m|h)$/.exec(raw.trim());
	if (!m) {
		const hint = /^\d+(\.\d+)?$/.test(raw.trim()) ? ` (give a unit: ${raw.trim()}s or ${raw.trim()}ms)` : '';
		return `${flag} expects a duration like 500ms, 30s or 2m, got ${quote(raw)}${hint}`;
	}
	const ms = Math.round(Number(m[1]) * UNIT_MS[m[2]!]!);
	if (ms < range.minMs || ms > range.maxMs)
		return `${flag} must be between ${formatLimit(range.minMs)} and ${formatLimit(range.maxMs)}, got ${quote(raw)}`;
	return ms;
}

function formatLimit(ms: number): string {
	if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`;
	if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`;
	if (ms % 1000 === 0 && ms > 0) return `${ms / 1000}s`;
	return `${ms}ms`;
}

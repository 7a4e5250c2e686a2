import {quote} from '../model/quote.js';

export interface NumberRange {
	readonly min: number;
	readonly max: number;
	/** Said after the number, e.g. "ms"; empty for a count. */
	readonly unit?: string;
	/** How the maximum reads in an error, e.g. "one day". */
	readonly maxText?: string;
}

/**
 * A flag's whole-number value within `range`, or the one-line error to print. The one
 * validator of number flags, for `socktop` and `socktop scan`.
 */
export function parseWholeNumber(flag: string, raw: string, range: NumberRange): number | string {
	const unit = range.unit ? ` ${range.unit}` : '';
	const kind = range.unit === 'ms' ? ' of milliseconds' : '';
	if (!/^\d{1,12}$/.test(raw)) return `${flag} expects a whole number${kind}, got ${quote(raw)}`;
	const value = Number(raw);
	if (value >= range.min && value <= range.max) return value;
	const max = range.maxText ? ` (${range.maxText})` : '';
	return `${flag} must be between ${range.min} and ${range.max}${unit}${max}, got ${value}`;
}

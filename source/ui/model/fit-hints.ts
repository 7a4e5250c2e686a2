import type {FooterHint} from '../keymap.js';
import {textWidth} from './text-fit.js';

export interface ShownHint {
	readonly key: string;
	readonly label: string;
}

const GAP = 2;

export const hintsWidth = (hints: readonly ShownHint[]): number =>
	hints.reduce(
		(sum, hint, i) => sum + (i > 0 ? GAP : 0) + textWidth(hint.key) + 1 + textWidth(hint.label),
		0,
	);

/**
 * The hints that fit in `width` columns, never cut mid-word: long labels, else short
 * ones, else the hints of highest rank (least important) left out, in keymap order.
 */
export function fitHints(hints: readonly FooterHint[], width: number): ShownHint[] {
	const long = hints.map((hint) => ({key: hint.key, label: hint.label}));
	if (hintsWidth(long) <= width) return long;
	let kept = [...hints];
	const short = (list: readonly FooterHint[]) => list.map((hint) => ({key: hint.key, label: hint.short}));
	while (kept.length > 0 && hintsWidth(short(kept)) > width) {
		const drop = kept.reduce((worst, hint) => (hint.rank > worst.rank ? hint : worst));
		kept = kept.filter((hint) => hint !== drop);
	}
	return short(kept);
}

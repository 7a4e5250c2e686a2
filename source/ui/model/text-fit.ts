import stringWidth from 'string-width';
import {printable} from '../../model/printable.js';

// Cell text is fitted here, once, so Ink only lays out pre-sized strings
// (much cheaper than flexbox per cell, and columns never wrap or jump).

const ASCII = /^[\x20-\x7e]*$/;
// Printable ASCII and the glyphs the dashboard draws itself (theme.ts, the age's `≥`, the
// header's arrows and bars): each one code unit and one cell wide, as string-width says
// (test/ui/model/text-fit.test.ts checks every one). A line made of them is measured by its
// length: with owners pending, each connection's PID and PROCESS cells hold `…`, and sizing
// the columns over 2,000 such rows through string-width (Intl.Segmenter, its emoji regexes
// compiled on first use) was 270 ms of the first frame's 805 ms at load ≈ 8 (docs/first-frame.md).
export const NARROW_GLYPHS = '…·→≥↓↑×▼█←▲−▶▏▇▆▅▄▃▂▁≤≈–µ';
const NARROW = new RegExp(`^[\\x20-\\x7e${NARROW_GLYPHS}]*$`);

// string-width on a non-ASCII string runs Intl.Segmenter over it: ≈40 µs for a 120-cell
// table line holding an age's `≥`, measured on every visible line of every frame. The
// same lines come back frame after frame, so their widths are remembered (bounded).
const WIDTH_CACHE_LIMIT = 2000;
const widths = new Map<string, number>();
function wideWidth(text: string): number {
	let known = widths.get(text);
	if (known === undefined) {
		known = stringWidth(text);
		if (widths.size >= WIDTH_CACHE_LIMIT) widths.clear();
		widths.set(text, known);
	}
	return known;
}
const width = (text: string) => (NARROW.test(text) ? text.length : wideWidth(text));

function cutEnd(text: string, max: number): string {
	if (NARROW.test(text)) return text.slice(0, max);
	let out = '';
	// Not cached: each prefix is measured once.
	for (const char of text) {
		if (stringWidth(out + char) > max) break;
		out += char;
	}
	return out;
}

/**
 * Pads or truncates to exactly `size` columns. `middle` keeps both ends (for addresses).
 * `ellipsis` marks the cut and must be one cell wide (the theme's glyph: `…` or `~`).
 */
export function fitText(
	text: string,
	size: number,
	align: 'left' | 'right' = 'left',
	middle = false,
	ellipsis = '…',
): string {
	if (size <= 0) return '';
	const clean = printable(text); // never let a name move the cursor
	const w = width(clean);
	if (w <= size) {
		const pad = ' '.repeat(size - w);
		return align === 'right' ? pad + clean : clean + pad;
	}
	if (size === 1) return ellipsis;
	if (middle && ASCII.test(clean) && size >= 5) {
		const head = Math.ceil((size - 1) / 2);
		const tail = size - 1 - head;
		return `${clean.slice(0, head)}${ellipsis}${clean.slice(clean.length - tail)}`;
	}
	const cut = cutEnd(clean, size - 1);
	return `${cut}${ellipsis}${' '.repeat(size - 1 - width(cut))}`;
}

/** Where a line of prose or a host name may be cut: after a space or punctuation. */
const BOUNDARY = /[\s,;/.:()-]/;

/**
 * `text` in at most `max` columns, cut after the last word (or dot, slash, dash…)
 * that fits, with `ellipsis`. When not even the first word fits: '' with `wholeWords`,
 * else that word cut.
 */
export function shortenAtBoundary(text: string, max: number, ellipsis = '…', wholeWords = false): string {
	if (width(text) <= max) return text;
	if (max <= 0) return '';
	const room = cutEnd(text, max - 1);
	let at = room.length;
	// A cut right before a boundary keeps the whole word.
	if (!(BOUNDARY.test(text[at] ?? '') || BOUNDARY.test(room.at(-1) ?? ''))) {
		while (at > 0 && !BOUNDARY.test(room[at - 1]!)) at--;
	}
	if (at === 0 && wholeWords) return '';
	const kept = (at > 0 ? room.slice(0, at) : room).replace(/[\s,;:.(/-]+$/, '');
	return kept === '' ? '' : `${kept}${ellipsis}`;
}

/** One part of a status line, in forms from longest to shortest. */
export interface Segment {
	/** Longest first; a last form of '' lets the segment go altogether. */
	readonly forms: readonly string[];
	/** Segments with a lower rank are shortened first. */
	readonly rank: number;
}

/**
 * Chooses one form per segment so that the segments, joined by `gap` (empty ones
 * skipped), fit in `size` columns: the lowest-ranked segment that can still be
 * shortened takes its next form, until the line fits. If even the shortest forms are
 * too wide, the last segments are cut after a whole word (or dropped). Returns the
 * chosen text of each segment, '' for those left out.
 */
export function fitSegments(
	segments: readonly Segment[],
	size: number,
	gap = '  ',
	ellipsis = '…',
): string[] {
	const choice = segments.map(() => 0);
	const texts = () => segments.map((segment, i) => printable(segment.forms[choice[i]!] ?? ''));
	const lineWidth = (parts: readonly string[]) => {
		const shown = parts.filter((part) => part !== '');
		return shown.reduce((sum, part) => sum + width(part), 0) + width(gap) * Math.max(0, shown.length - 1);
	};
	let parts = texts();
	while (lineWidth(parts) > size) {
		let pick = -1;
		segments.forEach((segment, i) => {
			if (choice[i]! >= segment.forms.length - 1) return;
			// Lowest rank first; among equals, the rightmost.
			if (pick < 0 || segment.rank <= segments[pick]!.rank) pick = i;
		});
		if (pick < 0) break;
		choice[pick]!++;
		parts = texts();
	}
	for (let i = parts.length - 1; i >= 0 && lineWidth(parts) > size; i--) {
		if (parts[i] === '') continue;
		const others = lineWidth(parts.map((part, j) => (j === i ? '' : part)));
		const room = size - others - (others > 0 ? width(gap) : 0);
		parts[i] = room >= 2 ? shortenAtBoundary(parts[i]!, room, ellipsis, true) : '';
	}
	return parts;
}

export {width as textWidth};

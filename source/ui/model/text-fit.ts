import stringWidth from 'string-width';
import {printable} from '../../model/printable.js';

// Cell text is fitted here, once, so Ink only lays out pre-sized strings
// (much cheaper than flexbox per cell, and columns never wrap or jump).

const ASCII = /^[\x20-\x7e]*$/;
const width = (text: string) => (ASCII.test(text) ? text.length : stringWidth(text));

function cutEnd(text: string, max: number): string {
	if (ASCII.test(text)) return text.slice(0, max);
	let out = '';
	for (const char of text) {
		if (width(out + char) > max) break;
		out += char;
	}
	return out;
}

/** Pads or truncates to exactly `size` columns. `middle` keeps both ends (for addresses). */
export function fitText(
	text: string,
	size: number,
	align: 'left' | 'right' = 'left',
	middle = false,
): string {
	if (size <= 0) return '';
	const clean = printable(text); // never let a name move the cursor
	const w = width(clean);
	if (w <= size) {
		const pad = ' '.repeat(size - w);
		return align === 'right' ? pad + clean : clean + pad;
	}
	if (size === 1) return '…';
	if (middle && ASCII.test(clean) && size >= 5) {
		const head = Math.ceil((size - 1) / 2);
		const tail = size - 1 - head;
		return `${clean.slice(0, head)}…${clean.slice(clean.length - tail)}`;
	}
	const cut = cutEnd(clean, size - 1);
	return `${cut}…${' '.repeat(size - 1 - width(cut))}`;
}

export {width as textWidth};

import type {DecodedKey} from '../input/decode-keys.js';

const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

/** The text without its last grapheme: an emoji, a flag or e + combining accent goes as one. */
export function dropLastGrapheme(value: string): string {
	let last = 0;
	for (const {index} of segmenter.segment(value)) last = index;
	return value.slice(0, last);
}

/**
 * One key applied to a text field: typed text is appended (control characters never
 * get in, so a paste cannot inject escapes), Backspace/Delete removes the last
 * grapheme. `replace`: the field's text is selected, so typing replaces it and
 * Backspace empties it. Returns null for keys that do not edit.
 */
export function editText(value: string, key: DecodedKey, maxLength: number, replace = false): string | null {
	if (key.name === 'backspace' || key.name === 'delete') return replace ? '' : dropLastGrapheme(value);
	const typed = key.text.replace(/[\x00-\x1f\x7f-\x9f]/g, '');
	if (typed === '') return null;
	const next = (replace ? '' : value) + typed;
	return next.length > maxLength ? value : next;
}

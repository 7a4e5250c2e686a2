// Reads patches/ink@6.8.0.patch (a unified diff against Ink's package) and applies it
// to a file's text in memory. Hunks are found by their exact text, not line numbers;
// one that does not match exactly once throws: Ink changed, so the fix must be redone.
import {readFileSync} from 'node:fs';

export const INK_VERSION = '6.8.0';
const PATCH_URL = new URL(`../patches/ink@${INK_VERSION}.patch`, import.meta.url);

/** The hunks of each patched file, keyed by its path inside Ink's package (`build/x.js`). */
function parsePatch(text) {
	const files = new Map();
	let hunks = null;
	let hunk = null;
	for (const line of text.split('\n')) {
		const target = /^\+\+\+ b\/(.+)$/.exec(line);
		if (target) {
			hunks = [];
			files.set(target[1], hunks);
			hunk = null;
		} else if (line.startsWith('--- ')) {
			hunk = null;
		} else if (line.startsWith('@@') && hunks) {
			hunk = {before: [], after: []};
			hunks.push(hunk);
		} else if (hunk) {
			const body = line.slice(1);
			if (line.startsWith(' ') || line === '') {
				hunk.before.push(body);
				hunk.after.push(body);
			} else if (line.startsWith('-')) hunk.before.push(body);
			else if (line.startsWith('+')) hunk.after.push(body);
		}
	}
	for (const list of files.values()) {
		for (const h of list) {
			// The empty line that ends the file is not context.
			while (h.before.at(-1) === '' && h.after.at(-1) === '') {
				h.before.pop();
				h.after.pop();
			}
		}
	}
	return files;
}

let cached;
/** path inside Ink's package → its hunks. */
export function inkPatches() {
	cached ??= parsePatch(readFileSync(PATCH_URL, 'utf8'));
	return cached;
}

/** `text` (the file `path` of Ink's package) with the patch applied; unpatched files as they are. */
export function patchInkFile(path, text) {
	const hunks = inkPatches().get(path);
	if (!hunks) return text;
	let result = text;
	for (const {before, after} of hunks) {
		const from = before.join('\n');
		const at = result.indexOf(from);
		if (at < 0 || result.indexOf(from, at + 1) >= 0)
			throw new Error(
				`patches/ink@${INK_VERSION}.patch does not apply to ink/${path}: is Ink ${INK_VERSION} installed?`,
			);
		result = result.slice(0, at) + after.join('\n') + result.slice(at + from.length);
	}
	return result;
}

/** The path inside Ink's package of a file URL or path under node_modules/ink/, or null. */
export function inkPathOf(file) {
	const match = /[\\/]node_modules[\\/]ink[\\/](build[\\/].+\.js)$/.exec(file);
	return match ? match[1].replaceAll('\\', '/') : null;
}

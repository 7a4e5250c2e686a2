// esbuild plugin: string-width (8.x, what Ink, widest-line and the dashboard measure text
// with) takes its "width = length" path for printable ASCII and for the dashboard's own
// one-cell glyphs too, and builds its Intl.Segmenter on first need, not at import.
//
// Why: on the dashboard's first frame, Ink measures every text node (widestLine →
// string-width); a line with `…` (owners pending), `≥` (an age) or `▲` (a sort arrow) left
// string-width's ASCII path for Intl.Segmenter and its `\p{RGI_Emoji}` regexes, compiled on
// first use: ≈100 ms of the main thread's 512 ms from the mount to the first frame in a
// --cpu-prof at 1,000 connections (load ≈ 13), and `new Intl.Segmenter()` at import ≈ 23 ms
// more (docs/first-frame.md). Its four Unicode-property regexes (`\p{RGI_Emoji}` with the `v`
// flag among them) are made on first need too: esbuild writes them as `new RegExp(…)` (its node20
// target), which V8 parses at once, 28 ms of CPU at import (`node -e` with the four, quiet machine)
// and 31 ms of the top-level samples of the chunk before the dashboard's plain first frame in a
// --cpu-prof at 1,000 connections; text that takes the fast path never needs them. Each glyph here is one code unit and one cell for string-width's
// own rules (test/hardening/string-width-narrow.test.ts checks it against the unchanged
// module); text with anything else goes the unchanged way. Each change must match exactly
// once, or the build fails: string-width changed, redo it.
import {readFileSync} from 'node:fs';

/** The same glyphs as NARROW_GLYPHS in source/ui/model/text-fit.ts (the test compares them). */
export const NARROW_GLYPHS = '…·→≥↓↑×▼█←▲−▶▏▇▆▅▄▃▂▁≤≈–µ';

const CHANGES = [
	['const segmenter = new Intl.Segmenter();', 'let segmenter;'],
	['segmenter.segment(string)', '(segmenter ??= (makeRegexes(), new Intl.Segmenter())).segment(string)'],
	['/^[\\u0020-\\u007E]*$/.test(string)', `/^[\\u0020-\\u007E${NARROW_GLYPHS}]*$/.test(string)`],
];

/** The regexes that only the slow path (after the fast path's test, with the segmenter) reads. */
const LAZY_REGEXES = [
	'visibleCharacterRegex',
	'spacingMarkRegex',
	'rgiEmojiRegex',
	'extendedPictographicRegex',
];

/**
 * Each `const NAME = /…/flags;` of LAZY_REGEXES becomes an assignment in `makeRegexes()`, which
 * the slow path calls as it makes the segmenter; throws when a declaration is not there once.
 */
function lazyRegexes(text) {
	let out = text;
	const made = [];
	for (const name of LAZY_REGEXES) {
		const declaration = new RegExp(`^const ${name} = (/.+/[a-z]*);$`, 'gm');
		const found = [...out.matchAll(declaration)];
		if (found.length !== 1)
			throw new Error(
				`string-width-narrow: "const ${name} = /…/" does not occur exactly once in string-width`,
			);
		made.push(`\t${name} = ${found[0][1]};`);
		out = out.replace(declaration, `let ${name};`);
	}
	return `${out}\nfunction makeRegexes() {\n${made.join('\n')}\n}\n`;
}

/** string-width's index.js with the changes above; throws when one does not match once. */
export function stringWidthNarrow(text) {
	let out = lazyRegexes(text);
	for (const [from, to] of CHANGES) {
		const at = out.indexOf(from);
		if (at < 0 || out.indexOf(from, at + 1) >= 0)
			throw new Error(`string-width-narrow: "${from}" does not occur exactly once in string-width`);
		out = out.slice(0, at) + to + out.slice(at + from.length);
	}
	return out;
}

export const stringWidthNarrowPlugin = {
	name: 'string-width-narrow',
	setup(build) {
		let applied = false;
		// The top-level copy only (8.x); wrap-ansi's own 7.x is left as it is.
		build.onLoad({filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/}, (args) => {
			if (/[\\/]node_modules[\\/][^\\/]+[\\/]node_modules[\\/]/.test(args.path)) return undefined;
			applied = true;
			return {contents: stringWidthNarrow(readFileSync(args.path, 'utf8')), loader: 'js'};
		});
		build.onEnd((result) => {
			if (result.errors.length === 0 && !applied)
				throw new Error('string-width-narrow: string-width never loaded, so never changed');
		});
	},
};

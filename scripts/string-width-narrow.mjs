// esbuild plugin: string-width (8.x, what Ink, widest-line and the dashboard measure text
// with) takes its "width = length" path for printable ASCII and for the dashboard's own
// one-cell glyphs too, and builds its Intl.Segmenter on first need, not at import.
//
// Why: on the dashboard's first frame, Ink measures every text node (widestLine →
// string-width); a line with `…` (owners pending), `≥` (an age) or `▲` (a sort arrow) left
// string-width's ASCII path for Intl.Segmenter and its `\p{RGI_Emoji}` regexes, compiled on
// first use: ≈100 ms of the main thread's 512 ms from the mount to the first frame in a
// --cpu-prof at 1,000 connections (load ≈ 13), and `new Intl.Segmenter()` at import ≈ 23 ms
// more (docs/first-frame.md). Each glyph here is one code unit and one cell for string-width's
// own rules (test/hardening/string-width-narrow.test.ts checks it against the unchanged
// module); text with anything else goes the unchanged way. Each change must match exactly
// once, or the build fails: string-width changed, redo it.
import {readFileSync} from 'node:fs';

/** The same glyphs as NARROW_GLYPHS in source/ui/model/text-fit.ts (the test compares them). */
export const NARROW_GLYPHS = '…·→≥↓↑×▼█←▲−▶▏▇▆▅▄▃▂▁≤≈–µ';

const CHANGES = [
	['const segmenter = new Intl.Segmenter();', 'let segmenter;'],
	['segmenter.segment(string)', '(segmenter ??= new Intl.Segmenter()).segment(string)'],
	['/^[\\u0020-\\u007E]*$/.test(string)', `/^[\\u0020-\\u007E${NARROW_GLYPHS}]*$/.test(string)`],
];

/** string-width's index.js with the changes above; throws when one does not match once. */
export function stringWidthNarrow(text) {
	let out = text;
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

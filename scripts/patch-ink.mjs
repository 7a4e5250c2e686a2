#!/usr/bin/env node
// Fixes to Ink 6.8.0 that Ink 7 has but which need Node 22 to get there. Each is a
// small text replacement, applied in place at install time (postinstall); idempotent.
//
// 1. log-update.js: the incremental renderer moves the cursor up one line too few
//    when the previous frame ended with a newline, so a changed row is drawn one row
//    too low (see ../shared/NOTES.md; Ink 7.1 computes it from previousLines.length).
// 2. measure-text.js and wrap-text.js: module-level caches of every text ever drawn,
//    never evicted: a dashboard left open for days grows by ~1 KB per refresh (the
//    header's clock, new rows). Bounded here by clearing them past 5,000 entries.
import {readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const PATCHES = [
	{
		file: 'log-update.js',
		broken: 'buffer.push(ansiEscapes.cursorUp(previousVisible - 1));',
		fixed: 'buffer.push(ansiEscapes.cursorUp(previousLines.length - 1));',
	},
	{
		file: 'measure-text.js',
		broken: '    cache.set(text, dimensions);',
		fixed: '    if (cache.size >= 5000) cache.clear(); // socktop: bounded\n    cache.set(text, dimensions);',
	},
	{
		file: 'wrap-text.js',
		broken: 'const cache = {};',
		fixed: 'let cache = {}; let cacheSize = 0; // socktop: bounded',
	},
	{
		file: 'wrap-text.js',
		broken: '    cache[cacheKey] = wrappedText;',
		fixed: '    if (++cacheSize > 5000) { cache = {}; cacheSize = 1; }\n    cache[cacheKey] = wrappedText;',
	},
];

let inkEntry;
try {
	inkEntry = import.meta.resolve('ink');
} catch {
	process.exit(0); // ink not installed (yet): nothing to patch
}

for (const {file, broken, fixed} of PATCHES) {
	const path = fileURLToPath(new URL(`./${file}`, inkEntry));
	const text = readFileSync(path, 'utf8');
	if (text.includes(fixed)) continue;
	if (!text.includes(broken)) {
		console.error(`socktop: ${path} does not look like Ink 6.8.0; left unpatched`);
		continue;
	}
	writeFileSync(path, text.replace(broken, fixed));
}

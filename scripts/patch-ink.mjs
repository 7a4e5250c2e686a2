#!/usr/bin/env node
// Ink 6.8.0's incremental renderer moves the cursor up one line too few when the
// previous frame ended with a newline, so a changed row is drawn one row too low
// (see ../shared/NOTES.md; fixed upstream in Ink 7.1, which needs Node 22).
// This applies the same one-line fix in place. Idempotent; run from postinstall.
import {readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const broken = 'buffer.push(ansiEscapes.cursorUp(previousVisible - 1));';
const fixed = 'buffer.push(ansiEscapes.cursorUp(previousLines.length - 1));';

let file;
try {
	file = fileURLToPath(new URL('./log-update.js', import.meta.resolve('ink')));
} catch {
	process.exit(0); // ink not installed (yet): nothing to patch
}

const text = readFileSync(file, 'utf8');
if (text.includes(fixed)) process.exit(0);
if (!text.includes(broken)) {
	console.error(`socktop: ${file} does not look like Ink 6.8.0; incremental rendering left unpatched`);
	process.exit(0);
}
writeFileSync(file, text.replace(broken, fixed));

// The build's string-width change (scripts/string-width-narrow.mjs): it matches string-width
// as installed, once each, and measures every string as the unchanged module does.
import assert from 'node:assert/strict';
import {readFileSync, writeFileSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {pathToFileURL} from 'node:url';
import stringWidth from 'string-width';
import {NARROW_GLYPHS, stringWidthNarrow} from '../../scripts/string-width-narrow.mjs';
import {NARROW_GLYPHS as TEXT_FIT_GLYPHS} from '../../source/ui/model/text-fit.js';

test('string-width, changed as the build changes it, measures as the unchanged module does', async (t) => {
	assert.equal(NARROW_GLYPHS, TEXT_FIT_GLYPHS, 'the build and text-fit.ts list the same glyphs');
	const index = new URL('../../node_modules/string-width/index.js', import.meta.url);
	const changed = stringWidthNarrow(readFileSync(index, 'utf8'));
	assert.throws(() => stringWidthNarrow(changed), /exactly once/);
	// Loaded from a temporary copy whose imports name the modules the original resolves to.
	const dir = await mkdtemp(join(tmpdir(), 'socktop-string-width-'));
	t.after(() => rm(dir, {recursive: true, force: true}));
	const copy = join(dir, 'string-width.mjs');
	writeFileSync(
		copy,
		changed.replace(/from '([a-z-]+)'/g, (_, name: string) => `from '${import.meta.resolve(name)}'`),
	);
	const {default: narrowWidth} = (await import(pathToFileURL(copy).href)) as {
		default: typeof stringWidth;
	};
	const samples = [
		'',
		'plain ascii',
		...[...NARROW_GLYPHS].map((glyph) => `a${glyph}b`),
		`${NARROW_GLYPHS} and more`,
		'  tcp4  127.0.0.1:40570 127.0.0.1:44029   ESTABLISHED     … …   -     -   ≥0m',
		'日本語',
		'e\u0301',
		'😀 x',
		'👨‍👩‍👧',
		'\u001b[31m…red\u001b[39m',
		'tab\there',
		'한글',
		'\u00ad',
	];
	for (const text of samples) assert.equal(narrowWidth(text), stringWidth(text), JSON.stringify(text));
	for (const glyph of NARROW_GLYPHS) assert.equal(stringWidth(glyph), 1, glyph);
});

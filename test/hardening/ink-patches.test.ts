import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';

// The install-time fixes to Ink 6.8 (scripts/patch-ink.mjs) must be in place: without
// them the terminal shows stale rows (replay test) and memory grows for ever.
const inkFile = (name: string) =>
	readFileSync(fileURLToPath(new URL(`./${name}`, import.meta.resolve('ink'))), 'utf8');

describe('Ink 6.8 patches', () => {
	it('fixes the incremental renderer cursor movement', () => {
		assert.ok(inkFile('log-update.js').includes('cursorUp(previousLines.length - 1)'));
	});

	it('bounds the text caches', async () => {
		assert.ok(inkFile('measure-text.js').includes('cache.size >= 5000'));
		assert.ok(inkFile('wrap-text.js').includes('++cacheSize > 5000'));
		const {default: measureText} = (await import(
			new URL('./measure-text.js', import.meta.resolve('ink')).href
		)) as {default: (text: string) => {width: number; height: number}};
		// Many distinct texts must not break it, and results stay right after a clear.
		for (let i = 0; i < 12_000; i++) measureText(`row ${i}`);
		assert.deepEqual(measureText('ab\ncde'), {width: 3, height: 2});
	});
});

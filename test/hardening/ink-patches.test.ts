import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {inkPatches, patchInkFile} from '../../scripts/ink-patch.mjs';

// The fixes to Ink 6.8 (patches/ink@6.8.0.patch) must be in what users run: without
// them the terminal shows stale rows (replay test) and memory grows for ever. The
// bundle gets them at build time; tests and benches through a module hook.
const inkFile = (path: string) =>
	readFileSync(fileURLToPath(new URL(`../${path}`, import.meta.resolve('ink'))), 'utf8');
const FIXED = [
	/cursorUp\(previousLines\.length\s*-\s*1\)/,
	/cache\.size\s*>=\s*(5000|5e3)/,
	/\+\+cacheSize\s*>\s*(5000|5e3)/,
	/currentWidth\s*=\s*\w+\(\w+\)\.width/,
];

describe('Ink 6.8 patches', () => {
	it('apply to the installed Ink, each hunk exactly once', () => {
		assert.deepEqual([...inkPatches().keys()].sort(), [
			'build/log-update.js',
			'build/measure-text.js',
			'build/render-node-to-output.js',
			'build/wrap-text.js',
		]);
		const patched = [...inkPatches().keys()].map((path) => patchInkFile(path, inkFile(path))).join('\n');
		for (const pattern of FIXED) assert.match(patched, pattern);
		// node_modules itself stays as published: nothing is written at install time.
		assert.doesNotMatch(inkFile('build/log-update.js'), FIXED[0]!);
	});

	it('refuse an Ink they do not fit (the build fails rather than ship it unpatched)', () => {
		assert.throws(
			() => patchInkFile('build/log-update.js', 'export {};'),
			/does not apply to ink\/build\/log-update\.js/,
		);
	});

	it('are in the bundle (npm test builds it first)', () => {
		const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
		const bundle = readdirSync(dist)
			.filter((name) => name.endsWith('.js'))
			.map((name) => readFileSync(`${dist}${name}`, 'utf8'))
			.join('\n');
		for (const pattern of FIXED) assert.match(bundle, pattern);
		assert.doesNotMatch(bundle, /cursorUp\(previousVisible\s*-\s*1\)/);
	});

	it('are loaded by tests (the module hook patches Ink as it is imported)', async () => {
		const {default: measureText} = (await import(
			new URL('./measure-text.js', import.meta.resolve('ink')).href
		)) as {
			default: (text: string) => {width: number; height: number};
		};
		for (let i = 0; i < 12_000; i++) measureText(`row ${i}`);
		assert.deepEqual(measureText('ab\ncde'), {width: 3, height: 2});
		assert.ok(
			process.execArgv.some((arg) => arg.includes('ink-patch-register')),
			'run through npm test or with --import ./scripts/ink-patch-register.mjs',
		);
	});
});

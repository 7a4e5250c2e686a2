import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {pathToFileURL} from 'node:url';
import {filesOnCycles, REQUIRE_BANNER, requireBuiltins} from '../../scripts/builtin-require.mjs';

// The build takes Node's builtins with `require` instead of `import` (an ESM import of a
// builtin builds a facade that runs its lazy getters: scripts/builtin-require.mjs). The
// rewritten file must mean what esbuild's output meant.
let dir = '';
before(async () => {
	dir = await mkdtemp(join(tmpdir(), 'st-builtin-require-'));
});
after(() => (dir ? rm(dir, {recursive: true, force: true}) : undefined));

const file = (body: string) => `${REQUIRE_BANNER}\n${body}`;

async function evaluate(text: string, name: string): Promise<Record<string, unknown>> {
	const path = join(dir, `${name}.mjs`);
	await writeFile(path, text);
	return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}

describe('builtin imports become requires', () => {
	it('named, renamed, default, namespace and default-plus-named imports keep their meaning', async () => {
		const body =
			'import{a}from"./x.js";import{readFileSync,join as j}from"node:fs";' +
			'var early=()=>typeof readFileSync;' +
			'import os from"node:os";import*as path from"node:path";import util,{format as f}from"node:util";' +
			'export const got=[early(),typeof j,typeof os.cpus,path.sep,f("%d",1),typeof util.inspect];';
		const {text, count} = requireBuiltins(file(body), 4);
		assert.equal(count, 4);
		assert.doesNotMatch(text, /from\s*"node:/, 'no builtin imported');
		// The requires come first in the body, after the other imports (hoisted like the imports were).
		assert.ok(text.indexOf('import{a}from"./x.js";') < text.indexOf('require("node:fs")'));
		assert.ok(text.indexOf('require("node:util")') < text.indexOf('var early'));
		const module = await evaluate(text.replace('import{a}from"./x.js";', ''), 'shapes');
		// `join` is not an export of node:fs: undefined either way.
		assert.deepEqual(module.got, ['function', 'undefined', 'function', '/', '1', 'function']);
	});

	it('a #! line before the banner is kept', () => {
		const {text, count} = requireBuiltins(
			`#!/usr/bin/env node\n${file('import{sep}from"node:path";sep;')}`,
			1,
		);
		assert.equal(count, 1);
		assert.ok(text.startsWith(`#!/usr/bin/env node\n${REQUIRE_BANNER}\n`));
		assert.match(text, /const \{sep\}=require\("node:path"\);/);
	});

	it('stops the build when its count differs from esbuild metafile (an import it could not read)', () => {
		// A side-effect import has no clause: not read, so one fewer than esbuild wrote.
		assert.throws(
			() => requireBuiltins(file('import"node:fs";'), 1),
			/found 0 imports of builtins where esbuild wrote 1/,
		);
		assert.throws(() => requireBuiltins('console.log(1)', 0), /banner/);
	});

	it('leaves files without builtins as they were', () => {
		const text = file('import{a}from"./x.js";a();');
		assert.deepEqual(requireBuiltins(text, 0), {text, count: 0});
	});

	it('finds output files on an import cycle (left as they are)', () => {
		const edge = (path: string) => ({path, kind: 'import-statement', external: false});
		const cycles = filesOnCycles({
			'a.js': {imports: [edge('b.js')]},
			'b.js': {imports: [edge('c.js')]},
			'c.js': {imports: [edge('a.js')]},
			'd.js': {imports: [edge('a.js')]},
		});
		assert.deepEqual([...cycles].sort(), ['a.js', 'b.js', 'c.js']);
	});
});

import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {
	chmodSync,
	chownSync,
	lstatSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	symlinkSync,
	utimesSync,
	writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {Script} from 'node:vm';
import {build} from 'esbuild';
import {scriptChunk} from '../../scripts/script-chunk.mjs';
import {cacheDirectory, cacheFileName, pruneCacheFiles} from '../../source/os/script-cache.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const isRoot = process.getuid?.() === 0;

// A chunk as esbuild writes one (the banner of scripts/builtin-require.mjs, imports of every
// kind, a top-level await, a dynamic import, import.meta, a renamed export), turned into a stub
// and a script by the build's own rewrite, run by plain `node` with the loader built from source.
const CHUNK = [
	"import {createRequire as __socktopCreateRequire} from 'node:module'; let __socktopRequire; const require = (id) => globalThis.process.getBuiltinModule?.(id) ?? (__socktopRequire ??= __socktopCreateRequire(import.meta.url))(id);",
	'import{double as twice,base}from"./dep.js";import"./side.js";import*as depAll from"./dep.js";import dflt,{base as b2}from"./dep.js";',
	'const {basename}=require("node:path");',
	'var ready=await Promise.resolve(21);',
	'function answer(){return twice(ready)+base+depAll.base+dflt+b2}',
	'async function later(){return (await import("./lazy.js")).value}',
	'var here=basename(new URL(import.meta.url).pathname);',
	'export{answer,later,here as where};',
].join('\n');
const EXPECTED = {answer: 42 + 1 + 1 + 100 + 1, lazy: 'lazy', where: 'chunk-T.js', side: 1};

let dir = '';
let app = '';

before(async () => {
	dir = mkdtempSync(join(tmpdir(), 'ccx-script-cache-'));
	chmodSync(dir, 0o755);
	app = join(dir, 'app');
	mkdirSync(app, {mode: 0o755});
	await build({
		entryPoints: [join(ROOT, 'source/os/script-cache.ts')],
		outfile: join(app, 'script-cache.js'),
		bundle: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		logLevel: 'error',
	});
	const {stub, script, scriptName} = scriptChunk(CHUNK, 'chunk-T');
	writeFileSync(join(app, 'chunk-T.js'), stub);
	writeFileSync(join(app, scriptName), script);
	writeFileSync(
		join(app, 'dep.js'),
		'export function double(x){return x*2}export const base=1;export default 100;',
	);
	writeFileSync(join(app, 'side.js'), 'globalThis.__side=(globalThis.__side??0)+1;');
	writeFileSync(join(app, 'lazy.js'), "export const value='lazy';");
	writeFileSync(
		join(app, 'main.js'),
		"const m=await import('./chunk-T.js');process.stdout.write(JSON.stringify({answer:m.answer(),lazy:await m.later(),where:m.where,side:globalThis.__side}));",
	);
	writeFileSync(join(app, 'package.json'), '{"type":"module"}');
	for (const name of readdirSync(app)) chmodSync(join(app, name), 0o644);
});
after(() => rmSync(dir, {recursive: true, force: true}));

interface Run {
	readonly status: number | null;
	readonly out: unknown;
	readonly stderr: string;
}

function run(env: Record<string, string | undefined>, asNobody = false): Run {
	const clean = {...process.env};
	for (const name of ['XDG_CACHE_HOME', 'SOCKTOP_NO_CACHE', 'NODE_OPTIONS']) delete clean[name];
	const command = asNobody ? ['runuser', '-u', 'nobody', '--', process.execPath] : [process.execPath];
	const [file = '', ...rest] = command;
	const child = spawnSync(file, [...rest, join(app, 'main.js')], {
		env: {...clean, ...env},
		encoding: 'utf8',
		timeout: 20_000,
	});
	let out: unknown = null;
	try {
		out = JSON.parse(child.stdout);
	} catch {}
	return {status: child.status, out, stderr: child.stderr};
}

/** A fresh cache home; the one cache file once there is one. */
function home(name: string): {xdg: string; cacheFile: () => string | null} {
	const xdg = join(dir, name);
	mkdirSync(xdg, {mode: 0o700});
	return {
		xdg,
		cacheFile: () => {
			const files = readdirSync(join(xdg, 'socktop')).filter((file) => file.endsWith('.v8cache'));
			assert.ok(files.length <= 1, `one cache file, found ${files.join(', ')}`);
			return files[0] === undefined ? null : join(xdg, 'socktop', files[0]);
		},
	};
}

function stamp(path: string): string {
	const info = lstatSync(path);
	return `${info.ino}:${info.mtimeMs}:${info.size}`;
}

describe('scriptChunk (the build rewrite)', () => {
	test('a chunk with an import or export it does not handle fails the build', () => {
		assert.throws(() => scriptChunk('import"./a.js";export default 1;var x=1;export{x};', 'c'), /left/);
		assert.throws(() => scriptChunk('var x=1;', 'c'), /export/);
	});
	test('the script is one async function expression; the stub imports in the original order', () => {
		const {script, stub} = scriptChunk(CHUNK, 'chunk-T');
		assert.match(script, /^\(async function\(__socktopMeta,/);
		assert.doesNotMatch(script, /import\.meta|\bexport\{/);
		const order = [...stub.matchAll(/from"([^"]+)"|import"([^"]+)"/g)].map((m) => m[1] ?? m[2]);
		assert.deepEqual(order, [
			'node:module',
			'./dep.js',
			'./side.js',
			'./dep.js',
			'./dep.js',
			'./script-cache.js',
		]);
	});
});

describe('runScriptChunk (the code cache)', () => {
	test('first run writes the cache, the second uses it (the file is rewritten only when missing or refused)', () => {
		const {xdg, cacheFile} = home('warm');
		const first = run({XDG_CACHE_HOME: xdg});
		assert.deepEqual(first.out, EXPECTED, first.stderr);
		const file = cacheFile();
		assert.ok(file, 'a cache file after the first run');
		assert.equal(lstatSync(file).mode & 0o777, 0o600);
		assert.equal(lstatSync(join(xdg, 'socktop')).mode & 0o777, 0o700);
		const before = stamp(file);
		const second = run({XDG_CACHE_HOME: xdg});
		assert.deepEqual(second.out, EXPECTED, second.stderr);
		assert.equal(stamp(file), before, 'the second run read the cache and V8 took it');
	});

	for (const [name, spoil] of [
		['corrupt', (file: string) => writeFileSync(file, Buffer.alloc(4096, 0x5a))],
		['truncated', (file: string) => writeFileSync(file, readFileSync(file).subarray(0, 1000))],
		[
			'foreign-build',
			(file: string) => writeFileSync(file, new Script('(async function(){return{}})').createCachedData()),
		],
	] as const)
		test(`a ${name} cache file is refused and replaced, and the program works`, () => {
			const {xdg, cacheFile} = home(`spoil-${name.replace(/\W/g, '')}`);
			run({XDG_CACHE_HOME: xdg});
			const file = cacheFile();
			assert.ok(file);
			spoil(file);
			const spoiled = readFileSync(file);
			const result = run({XDG_CACHE_HOME: xdg});
			assert.deepEqual(result.out, EXPECTED, result.stderr);
			assert.equal(result.stderr, '');
			assert.notDeepEqual(readFileSync(file), spoiled, 'rewritten');
			const before = stamp(file);
			run({XDG_CACHE_HOME: xdg});
			assert.equal(stamp(file), before, 'the rewritten cache is used');
		});

	test('a cache file that is a symlink is not followed: its target stays as it was', () => {
		const {xdg, cacheFile} = home('link-file');
		run({XDG_CACHE_HOME: xdg});
		const file = cacheFile();
		assert.ok(file);
		const target = join(dir, 'link-target');
		writeFileSync(target, 'not yours');
		rmSync(file);
		symlinkSync(target, file);
		const result = run({XDG_CACHE_HOME: xdg});
		assert.deepEqual(result.out, EXPECTED, result.stderr);
		assert.equal(readFileSync(target, 'utf8'), 'not yours');
		assert.ok(lstatSync(file).isFile(), 'the link was replaced by a file of the cache');
	});

	test('a cache directory that is a symlink is not used', () => {
		const {xdg} = home('link-dir');
		const elsewhere = join(dir, 'elsewhere');
		mkdirSync(elsewhere, {mode: 0o700});
		symlinkSync(elsewhere, join(xdg, 'socktop'));
		const result = run({XDG_CACHE_HOME: xdg});
		assert.deepEqual(result.out, EXPECTED, result.stderr);
		assert.deepEqual(readdirSync(elsewhere), []);
	});

	test("a cache file of another user is not read (and is replaced by this user's)", {
		skip: !isRoot && 'chown needs root',
	}, () => {
		const {xdg, cacheFile} = home('foreign');
		run({XDG_CACHE_HOME: xdg});
		const file = cacheFile();
		assert.ok(file);
		chownSync(file, 65534, 65534);
		const result = run({XDG_CACHE_HOME: xdg});
		assert.deepEqual(result.out, EXPECTED, result.stderr);
		assert.equal(statSync(file).uid, 0);
	});

	test('as nobody with HOME=/nonexistent, and with a cache home it cannot write, it works and writes nothing', {
		skip: !isRoot && 'runuser needs root',
	}, () => {
		const none = run({HOME: '/nonexistent'}, true);
		assert.equal(none.status, 0, none.stderr);
		assert.deepEqual(none.out, EXPECTED);
		assert.equal(none.stderr, '');
		const {xdg} = home('read-only');
		chmodSync(xdg, 0o755);
		const readOnly = run({XDG_CACHE_HOME: xdg}, true);
		assert.deepEqual(readOnly.out, EXPECTED, readOnly.stderr);
		assert.equal(readOnly.stderr, '');
		assert.deepEqual(readdirSync(xdg), []);
	});

	test('SOCKTOP_NO_CACHE=1 reads and writes no cache', () => {
		const {xdg} = home('off');
		const result = run({XDG_CACHE_HOME: xdg, SOCKTOP_NO_CACHE: '1'});
		assert.deepEqual(result.out, EXPECTED, result.stderr);
		assert.deepEqual(readdirSync(xdg), []);
	});
});

describe('cache location and bounds', () => {
	test('cacheDirectory: XDG_CACHE_HOME (absolute only), else ~/.cache; off with SOCKTOP_NO_CACHE', () => {
		assert.equal(cacheDirectory({XDG_CACHE_HOME: '/x/c', HOME: '/h'}), '/x/c/socktop');
		assert.equal(cacheDirectory({XDG_CACHE_HOME: 'rel', HOME: '/h'}), '/h/.cache/socktop');
		assert.equal(cacheDirectory({HOME: '/h'}), '/h/.cache/socktop');
		assert.equal(cacheDirectory({HOME: '/h', SOCKTOP_NO_CACHE: '1'}), null);
		assert.equal(cacheDirectory({HOME: '/h', SOCKTOP_NO_CACHE: '0'}), '/h/.cache/socktop');
	});

	test('cacheFileName: a file per set of V8 flags (V8 refuses data written under other flags)', () => {
		const plain = cacheFileName('chunk-A-1234', [], {});
		assert.match(plain, /^chunk-A-1234-node[\d.]+-\w+-[0-9a-f]{8}\.v8cache$/);
		assert.notEqual(cacheFileName('chunk-A-1234', ['--semi-space-growth-factor=1'], {}), plain);
		assert.notEqual(cacheFileName('chunk-A-1234', [], {NODE_OPTIONS: '--max-old-space-size=64'}), plain);
		assert.equal(cacheFileName('chunk-A-1234', [], {}), plain);
	});

	test('pruneCacheFiles keeps the newest four cache files and removes stale temporary ones', () => {
		const prune = join(dir, 'prune');
		mkdirSync(prune);
		const now = Date.now() / 1000;
		for (let i = 0; i < 6; i++) {
			writeFileSync(join(prune, `c${i}.v8cache`), 'x');
			utimesSync(join(prune, `c${i}.v8cache`), now - i * 10, now - i * 10);
		}
		writeFileSync(join(prune, 'old.tmp'), 'x');
		utimesSync(join(prune, 'old.tmp'), now - 3600, now - 3600);
		writeFileSync(join(prune, 'new.tmp'), 'x');
		writeFileSync(join(prune, 'other.txt'), 'x');
		pruneCacheFiles(prune);
		assert.deepEqual(readdirSync(prune).sort(), [
			'c0.v8cache',
			'c1.v8cache',
			'c2.v8cache',
			'c3.v8cache',
			'new.tmp',
			'other.txt',
		]);
	});
});

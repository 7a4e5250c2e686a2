import assert from 'node:assert/strict';
import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import {MEOW_REPLACEMENTS, meowSlim, slimMeowFile} from '../../scripts/meow-slim.mjs';

// The build bundles meow without its package.json readers (scripts/meow-slim.mjs): they
// ran at import time on every start. meow must still parse exactly as before.
const meowFile = (path: string) =>
	readFile(fileURLToPath(new URL(`../${path}`, import.meta.resolve('meow'))), 'utf8');

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// The same call as source/cli/options.ts: pkg given, no auto help or version.
const ENTRY = `import meow from 'meow';
export const parse = (argv) => meow('', {importMeta: import.meta, pkg: {}, argv, autoHelp: false, autoVersion: false,
	allowUnknownFlags: true, flags: {once: {type: 'boolean', default: false}, filter: {type: 'string', shortFlag: 'f'},
	interval: {type: 'string', shortFlag: 'i'}, readOnly: {type: 'boolean', default: false}, color: {type: 'boolean', default: true}}});
export const withoutPkg = () => meow('', {importMeta: import.meta, argv: [], flags: {}});
`;
type Parse = (argv: string[]) => {
	flags: object;
	unnormalizedFlags: object;
	input: string[];
	command?: string;
};
const parsed = (parse: Parse, argv: string[]) => {
	const {flags, unnormalizedFlags, input, command} = parse(argv);
	return {flags, unnormalizedFlags, input, command};
};

let dir = '';
before(async () => {
	dir = await mkdtemp(join(tmpdir(), 'sktp-meow-slim-'));
});
after(() => (dir ? rm(dir, {recursive: true, force: true}) : undefined));

/** meow bundled as the build does, with or without the slimming; its entry's exports. */
async function bundled(slim: boolean): Promise<{parse: Parse; withoutPkg: () => unknown; bytes: number}> {
	const outfile = join(dir, `meow-${slim ? 'slim' : 'full'}.mjs`);
	await build({
		stdin: {contents: ENTRY, resolveDir: ROOT, loader: 'js'},
		absWorkingDir: ROOT,
		bundle: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		outfile,
		logLevel: 'silent',
		banner: {js: "import {createRequire as __r} from 'node:module'; const require = __r(import.meta.url);"},
		plugins: slim ? [meowSlim] : [],
	});
	const module = (await import(pathToFileURL(outfile).href)) as {parse: Parse; withoutPkg: () => unknown};
	return {...module, bytes: (await readFile(outfile)).length};
}

describe('meow, bundled without its package.json readers', () => {
	it('each replacement matches the installed meow exactly once', async () => {
		for (const path of MEOW_REPLACEMENTS.keys()) {
			const text = await meowFile(path);
			const slimmed = slimMeowFile(path, text);
			for (const [from] of MEOW_REPLACEMENTS.get(path)!) assert.ok(!slimmed.includes(from), from);
		}
		assert.throws(() => slimMeowFile('build/options.js', 'export {};'), /does not occur exactly once/);
	});

	it('parses the same flags as meow as published, from a bundle less than half the size', async () => {
		const [full, slim] = [await bundled(false), await bundled(true)];
		for (const argv of [
			[],
			['--once'],
			['--no-color', '-f', 'port:22', '--interval', '500'],
			['--read-only', 'extra', '--', '--once'],
			['-i', '300', '--unknown=1'],
		])
			assert.deepEqual(parsed(slim.parse, argv), parsed(full.parse, argv), argv.join(' '));
		assert.ok(slim.bytes * 2 < full.bytes, `${slim.bytes} B slim, ${full.bytes} B as published`);
		// What was taken out fails loudly if a later change calls meow without pkg.
		assert.throws(() => slim.withoutPkg(), /without its package\.json readers: pass pkg/);
	});

	it('is what dist/ holds (npm test builds it first): no normalize-package-data, no child_process', async () => {
		const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
		// The chunk that holds meow (its yargs-parser's version check), loaded by cli.js.
		const texts = await Promise.all((await readdir(dist)).map((name) => readFile(join(dist, name), 'utf8')));
		const holding = texts.filter((text) => /yargs parser supports a minimum Node\.js version/.test(text));
		assert.equal(holding.length, 1, 'meow is bundled once');
		assert.match(holding[0]!, /without its package\.json readers/);
		assert.doesNotMatch(holding[0]!, /node:child_process|spdx|hosted-git-info/i);
	});
});

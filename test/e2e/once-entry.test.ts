// cli.tsx sends a plain `--once` (only `--json`, `--no-color`, `--timeout MS`) to its own
// bundle, dist/once-command.js (source/main/once-process.ts), and every other command line to
// cli-main; the bundle hands back what plainOnceOptions does not take (a bad `--timeout`), so
// meow's messages stay the same. Checked on the built binary by tracing the modules it loads.
import assert from 'node:assert/strict';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {assertBuilt, CLI_PATH, NODE, NOT_LINUX, REPO_ROOT} from './helpers/paths.js';
import {run} from './helpers/process.js';

const TRACER = fileURLToPath(new URL('./helpers/trace-loads.mjs', import.meta.url));
let dir = '';

before(async () => {
	if (NOT_LINUX) return;
	assertBuilt();
	dir = await mkdtemp(join(tmpdir(), 'onc-entry-'));
});
after(() => (dir ? rm(dir, {recursive: true, force: true}) : undefined));

/** `socktop ARGS`'s exit, output, the dist/ modules it loaded, and their text but cli.js's. */
async function traced(args: readonly string[]) {
	const trace = join(dir, `${args.join('_').replace(/\W/g, '')}.txt`);
	const result = await run(NODE, ['--import', TRACER, CLI_PATH, ...args], {
		cwd: REPO_ROOT,
		env: {...process.env, NO_COLOR: '1', SOCKTOP_TRACE_LOADS: trace},
		timeoutMs: 90_000,
	});
	const files = [...new Set((await readFile(trace, 'utf8')).split('\n').filter(Boolean))];
	// Beyond the entry, which names both ways out.
	const beyond = files.filter((url) => !url.endsWith('/dist/cli.js'));
	const texts = await Promise.all(beyond.map((url) => readFile(fileURLToPath(url), 'utf8')));
	return {...result, names: files.map((url) => url.replace(/^.*\//, '')), text: texts.join('\n')};
}

/** cli-main's export, in the chunk that defines it (identifiers are not minified: scripts/build.mjs). */
const CLI_MAIN = /\brunCliMain\b/;

describe('--once from the entry (source/main/once-process.ts)', {skip: NOT_LINUX, concurrency: 3}, () => {
	for (const args of [
		['--once', '--timeout', '60000'],
		['--json', '--timeout=60000', '--once'],
	]) {
		it(`socktop ${args.join(' ')}: its own bundle, not cli-main`, async () => {
			const result = await traced(args);
			assert.equal(result.code, 0, result.stderr);
			assert.ok(result.stdout.length > 0, 'printed the table');
			assert.ok(result.names.includes('once-command.js'), result.names.join(' '));
			assert.doesNotMatch(result.text, CLI_MAIN);
		});
	}

	it('socktop --once --filter port:1 --timeout 60000: cli-main, not the bundle', async () => {
		const result = await traced(['--once', '--filter', 'port:1', '--timeout', '60000']);
		assert.equal(result.code, 0, result.stderr);
		assert.ok(!result.names.includes('once-command.js'), result.names.join(' '));
		assert.match(result.text, CLI_MAIN);
	});

	// The entry's cheap check lets these through; plainOnceOptions does not take them, so
	// cli-main (meow) answers them as before: exit 2 and one line.
	for (const args of [
		['--once', '--timeout', '0'],
		['--once', '--timeout=0'],
		['--once', '--timeout'],
		['--once', '--once'],
	]) {
		it(`socktop ${args.join(' ')}: handed back to cli-main`, async () => {
			const result = await traced(args);
			assert.match(result.text, CLI_MAIN, 'cli-main ran it');
			if (args.some((arg) => arg.startsWith('--timeout'))) {
				assert.equal(result.code, 2, result.stderr);
				assert.match(result.stderr, /^socktop: [^\n]*--timeout[^\n]*\n$/, 'one line about --timeout');
				assert.equal(result.stdout, '');
			} else assert.equal(result.code, 0, result.stderr);
		});
	}
});

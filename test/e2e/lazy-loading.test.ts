// Short commands start fast because they load only what they use: a bare `--version` or
// `--help` not even the argument parser, with other flags only the argument parser;
// `--once`, `--json` and `scan` never React, Ink or yoga (their chunk is ≈650 KB).
// Checked on the bundle by tracing every module loaded.
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
	dir = await mkdtemp(join(tmpdir(), 'sktp-loads-'));
});
after(() => (dir ? rm(dir, {recursive: true, force: true}) : undefined));

/**
 * The text of every dist/ module `socktop ARGS` loads. Each command runs once: several checks
 * look at the same command (`scan 127.0.0.1 --ports 1` three times), and its trace is the same.
 */
const traces = new Map<string, Promise<{files: string[]; text: string}>>();
function loaded(args: readonly string[]): Promise<{files: string[]; text: string}> {
	const key = JSON.stringify(args);
	let traced = traces.get(key);
	if (!traced) {
		traced = traceLoads(args);
		traces.set(key, traced);
	}
	return traced;
}

async function traceLoads(args: readonly string[]): Promise<{files: string[]; text: string}> {
	const trace = join(dir, `${args.join('_').replace(/\W/g, '')}.txt`);
	const result = await run(NODE, ['--import', TRACER, CLI_PATH, ...args], {
		cwd: REPO_ROOT,
		env: {...process.env, NO_COLOR: '1', SOCKTOP_TRACE_LOADS: trace},
		timeoutMs: 90_000,
	});
	assert.equal(result.code, 0, `socktop ${args.join(' ')}: ${result.stderr}`);
	const files = [...new Set((await readFile(trace, 'utf8')).split('\n').filter(Boolean))];
	const texts = await Promise.all(files.map((url) => readFile(fileURLToPath(url), 'utf8')));
	return {files, text: texts.join('\n')};
}

const REACT = /react\.transitional\.element|yoga/;
/**
 * What the sources, scanner and store bring: child processes (netstat), worker threads,
 * sockets, the password file. (meow's own import of child_process is left out of the build:
 * scripts/meow-slim.mjs.)
 */
const BEYOND_PARSER = /node:child_process|node:worker_threads|node:net\b|\/etc\/passwd/;
/** meow's bundled yargs-parser. */
const MEOW = /yargs parser supports a minimum Node\.js version/;
/** string-width, whose import costs ≈100 ms of CPU: only for tables that hold more than ASCII. */
const STRING_WIDTH = /new Intl\.Segmenter|RGI_Emoji/;

// The checks side by side, four at a time: each runs a command of its own (or shares one's
// trace), and on a quiet machine most of each run's second is node starting (17 runs one after
// another took 20.1 s of the file's 21.1 s, clean-clone CI log, 2026-11-30). Not all at once:
// `--once` reads every socket of the machine (40,000 of other work once: 3.3 s CPU each).
describe('what each command loads from the bundle', {skip: NOT_LINUX, concurrency: 4}, () => {
	for (const args of [['--version'], ['--help']]) {
		it(`socktop ${args.join(' ')}: answered before meow (source/cli/bare-answer.ts)`, async () => {
			const {files, text} = await loaded(args);
			assert.ok(
				files.some((url) => url.endsWith('/dist/cli.js')),
				'traced',
			);
			assert.doesNotMatch(text, MEOW, 'no argument parser');
			assert.doesNotMatch(text, REACT, 'no React, Ink or yoga');
			assert.doesNotMatch(text, BEYOND_PARSER, 'no source, scanner or store');
		});
	}

	for (const args of [
		['--no-color', '--version'],
		['--help', '--once'],
	]) {
		it(`socktop ${args.join(' ')}: the argument parser only`, async () => {
			const {text} = await loaded(args);
			assert.match(text, MEOW, 'meow parses it');
			assert.doesNotMatch(text, REACT, 'no React, Ink or yoga');
			assert.doesNotMatch(text, BEYOND_PARSER, 'no source, scanner or store');
		});
	}

	for (const args of [
		['--once', '--timeout', '60000'],
		['--once', '--json', '--timeout', '60000'],
		['--once', '--format', 'openmetrics', '--timeout', '60000'],
		['scan', '127.0.0.1', '--ports', '1'],
	]) {
		it(`socktop ${args.join(' ')}: never React, Ink or yoga`, async () => {
			const {files, text} = await loaded(args);
			assert.ok(files.length > 1, 'traced its chunks');
			assert.doesNotMatch(text, REACT);
			// The check of --version and --help would see the source and scanner if they were loaded.
			assert.match(text, BEYOND_PARSER);
		});
	}

	for (const args of [
		['scan', '127.0.0.1', '--ports', '1'],
		['wait', '--port', '25199', '--gone', '--timeout', '0s'],
		// A plain --once is parsed without meow (source/cli/once-prefetch-args.ts).
		['--once', '--timeout', '60000'],
		['--once', '--json', '--timeout', '60000'],
	]) {
		it(`socktop ${args.join(' ')}: no meow (a subcommand parses its own words: source/cli/subcommand.ts)`, async () => {
			const {files, text} = await loaded(args);
			assert.ok(files.length > 1, 'traced its chunks');
			assert.doesNotMatch(text, MEOW);
		});
	}

	it('socktop scan 127.0.0.1 --ports top1000: no worker threads below 4,096 probes (scan-runner.ts)', async () => {
		const {files, text} = await loaded(['scan', '127.0.0.1', '--ports', 'top1000']);
		assert.ok(files.length > 1, 'traced its chunks');
		assert.match(text, /require\("node:fs"\)/, 'the check sees builtins taken');
		// Nor node:net (dial-raw.ts dials; IP literals are checked by model/ip-literal.ts), nor node:os.
		assert.doesNotMatch(text, /require\("node:(net|os)"\)/);
		assert.doesNotMatch(text, /node:worker_threads/);
		// Nor Node's perf_hooks, which the first use of `performance` compiles (monotonic-ms.ts).
		assert.doesNotMatch(text, /\bperformance\.now\(/);
	});

	it('socktop wait: never React, Ink or yoga, nor the store, nor a connect', async () => {
		// Nothing listens on the port, so --gone holds at the first read and it exits 0.
		const {files, text} = await loaded(['wait', '--port', '25199', '--gone', '--timeout', '0s']);
		assert.ok(files.length > 1, 'traced its chunks');
		assert.doesNotMatch(text, REACT);
		// node:net's isIPv4/isIPv6 validate --addr; a connect comes only with --connect.
		// Builtins are taken with require in the bundle (scripts/builtin-require.mjs).
		assert.match(text, /const\s*\{[^}]*\}=require\("node:net"\)/, 'the check sees node:net taken');
		assert.ok(!/const\s*\{[^}]*\bconnect\b[^}]*\}=require\("node:net"\)/.test(text), 'no connect');
		assert.ok(!/from"node:/.test(text), 'no builtin through an ESM import');
		assert.ok(!/node:worker_threads/.test(text), 'no worker thread (the store)');
	});

	for (const args of [
		['--once', '--filter', 'port:1', '--timeout', '60000'],
		['scan', '127.0.0.1', '--ports', '1'],
	]) {
		it(`socktop ${args.join(' ')}: a plain ASCII table, no string-width`, async () => {
			assert.doesNotMatch((await loaded(args)).text, STRING_WIDTH);
		});
	}

	it('the check itself sees React and string-width where the bundle holds them', async () => {
		const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
		const {readdirSync} = await import('node:fs');
		const chunks = await Promise.all(readdirSync(dist).map((name) => readFile(join(dist, name), 'utf8')));
		assert.ok(
			chunks.some((text) => REACT.test(text)),
			'some chunk of the bundle holds React',
		);
		assert.ok(
			chunks.some((text) => STRING_WIDTH.test(text)),
			'some chunk of the bundle holds string-width',
		);
	});
});

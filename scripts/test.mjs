// `npm test`: lint and build, then the type-check, the unit tests (several files at
// once) and the end-to-end tests (one file at a time) side by side. Exit 0 only when
// all pass.
//   node scripts/test.mjs                     everything
//   node scripts/test.mjs --no-checks PATH…   only the test files under PATH… (no lint/build)
// Serial files: they drive real processes, terminals, namespaces and timeouts, which
// must not compete with each other (fixed namespace names, tmux servers, fd limits).
import {spawn} from 'node:child_process';
import {readdirSync, statSync} from 'node:fs';
import {availableParallelism} from 'node:os';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// test/packaging is not among them: its installs use their own prefixes, peers and tmux
// servers, and mostly wait on npm, so it runs beside the unit tests.
// The hardening files that only read sources, parse or bundle (layers, no-shell, fuzz-input,
// ink-patches, meow-slim) run side by side: the serial chain is what npm test waits for.
const SERIAL = [
	/^test\/e2e\//,
	/^test\/hardening\/(process-killer|scan-fd-leak|source-faults)\.test\.ts$/,
	/^test\/scan\/(netns-drop|loopback-scan|low-fd)\.test\.ts$/,
	/^test\/sources\/.*(-live|non-root)\.test\.ts$/,
];
const NODE_TEST = [
	'--import',
	'tsx',
	'--import',
	'./scripts/ink-patch-register.mjs',
	'--test',
	'--test-reporter=spec',
];

function testFiles(path) {
	const full = join(root, path);
	if (!statSync(full).isDirectory()) return [path];
	return readdirSync(full)
		.sort()
		.flatMap((name) => {
			const child = join(path, name);
			if (name === 'fixtures' || name === 'node_modules') return [];
			if (statSync(join(root, child)).isDirectory()) return testFiles(child);
			return /\.test\.tsx?$/.test(name) ? [child] : [];
		});
}

/** Runs a command; resolves with its exit code and, when buffered, its output. */
function run(label, file, args, {buffer = false, tee = false} = {}) {
	const started = Date.now();
	const piped = buffer || tee;
	return new Promise((resolve) => {
		const child = spawn(file, args, {
			cwd: root,
			stdio: ['ignore', piped ? 'pipe' : 'inherit', piped ? 'pipe' : 'inherit'],
		});
		const chunks = [];
		const keep = (out) => (chunk) => {
			chunks.push(chunk);
			if (tee) out.write(chunk);
		};
		child.stdout?.on('data', keep(process.stdout));
		child.stderr?.on('data', keep(process.stderr));
		child.on('error', (error) => chunks.push(Buffer.from(`${error.message}\n`)));
		child.on('close', (code, signal) => {
			const seconds = ((Date.now() - started) / 1000).toFixed(1);
			const output = Buffer.concat(chunks).toString();
			resolve({
				label,
				code: code ?? (signal ? 1 : 0),
				output: buffer ? output : '',
				counts: countsOf(output),
				seconds,
			});
		});
	});
}

/** The spec reporter's closing counts (`ℹ pass N`), summed over its runs. */
function countsOf(output) {
	const counts = {pass: 0, fail: 0, skipped: 0};
	for (const match of output.matchAll(/^ℹ (pass|fail|skipped) (\d+)$/gm))
		counts[match[1]] += Number(match[2]);
	return counts;
}

const args = process.argv.slice(2);
const checks = !args.includes('--no-checks');
const paths = args.filter((arg) => !arg.startsWith('--'));
const files = (paths.length > 0 ? paths : ['test']).flatMap((path) =>
	testFiles(relative(root, join(root, path))),
);
const serial = files.filter((file) => SERIAL.some((pattern) => pattern.test(file)));
const parallel = files.filter((file) => !serial.includes(file));
const started = Date.now();

if (checks) {
	for (const [label, file, commandArgs] of [
		['lint', process.execPath, ['node_modules/@biomejs/biome/bin/biome', 'check', '.']],
		['build', process.execPath, ['scripts/build.mjs']],
	]) {
		const result = await run(label, file, commandArgs);
		if (result.code !== 0) {
			process.stderr.write(`npm test: ${label} failed\n`);
			process.exit(result.code);
		}
	}
}

const jobs = [];
if (checks)
	jobs.push(
		run(
			'typecheck',
			process.execPath,
			['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit'],
			{
				buffer: true,
			},
		),
	);
if (parallel.length > 0) {
	const concurrency = String(Math.max(2, availableParallelism()));
	jobs.push(
		run('unit tests', process.execPath, [...NODE_TEST, `--test-concurrency=${concurrency}`, ...parallel], {
			buffer: true,
		}),
	);
}
// Streamed: the long one, whose progress is worth seeing.
if (serial.length > 0)
	jobs.push(
		run('end-to-end tests', process.execPath, [...NODE_TEST, '--test-concurrency=1', ...serial], {tee: true}),
	);

const results = await Promise.all(jobs);
for (const result of results)
	if (result.output) process.stdout.write(`\n# ${result.label}\n${result.output}`);
process.stdout.write('\n');
for (const result of results)
	process.stdout.write(`${result.code === 0 ? 'passed' : 'FAILED'}  ${result.label} (${result.seconds} s)\n`);
process.stdout.write(
	`npm test: ${files.length} test files (${parallel.length} side by side, ${serial.length} one at a time), ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
);
// One plain closing line for whoever reads the log (CI): every test file's counts together.
const total = {pass: 0, fail: 0, skipped: 0};
for (const result of results) for (const key of Object.keys(total)) total[key] += result.counts[key];
process.stdout.write(`tests: ${total.pass} passed, ${total.fail} failed, ${total.skipped} skipped\n`);
process.exit(results.every((result) => result.code === 0) ? 0 : 1);

// `npm test`: the build and the TypeScript transpiled once, then the lint, the type-check and
// every test file side by side. Exit 0 only when all pass.
//   node scripts/test.mjs                     everything
//   node scripts/test.mjs --no-checks PATH…   only the test files under PATH… (no lint/build/type-check)
//
// Each test file runs as its own process (`node --import ts-register --import ink-patch-register
// FILE`: node:test runs a file's tests when the file is run directly), its output printed whole
// when it ends, from two queues:
// - unit files, several to a process: one process per core (3 at once measured slower: docs/test-suite.md);
// - process files (end-to-end, tmux, namespaces, fd limits, npm installs): they mostly wait for
//   the processes they drive, so several run at once. Each names what it makes after its own
//   pid or a random token (tmux servers, namespaces, markers, temp dirs) and uses port 0, so
//   they do not meet; they read the whole machine's socket table only filtered to what they
//   made, as they must anyway with other users' sockets around.
// Within each queue the longest files start first: the wall time of the last run of each file is
// kept in node_modules/.cache/socktop-tests/durations.json (test/durations.json, committed, when
// there is none yet).
import {spawn} from 'node:child_process';
import {mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {availableParallelism} from 'node:os';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {balance, batchDirectory, batchEntry, missingSolo, SOLO, setsInkEnvironment} from './test-batches.mjs';
import {transpileAll} from './ts-transpile.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const PROCESS_FILES = [
	/^test\/e2e\//,
	/^test\/packaging\/install\.test\.ts$/,
	/^test\/hardening\/(process-killer|scan-fd-leak|source-faults)\.test\.ts$/,
	/^test\/scan\/(netns-drop|netns-unreachable|loopback-scan|low-fd)\.test\.ts$/,
	/^test\/sources\/.*(-live|non-root)\.test\.ts$/,
	// Waits ≈10 s for V8's memory reducer in a child Node (1.3–1.5 s CPU): in a unit batch that
	// wait held one of the two unit slots (13 s in the batches of a quiet run and at load 20).
	/^test\/threads\/reduce-heap\.test\.ts$/,
];
// Files that must not run at the same time as each other, whatever the queue:
// - they scan loopback's low ports (1-3000) and compare what they find with the listeners read
//   from /proc, while each opens its own listener in that range (2000, 1500): one's listener
//   is the other's false open.
const EXCLUSIVE = [
	{
		name: 'loopback port scans',
		files: /^test\/(scan\/(low-fd|loopback-scan)|hardening\/scan-fd-leak)\.test\.ts$/,
	},
];
const cores = Math.max(2, availableParallelism());
// Several at once: one at a time, their waits added up to ≈230 s of wall on a quiet machine
// (clean-clone CI log, 2026-11-30), the longest chain of the run. (Two clean-clone CI runs side
// by side failed source-faults (e): a test that read whichever snapshot was current, fixed in
// the test; docs/test-suite.md.) SOCKTOP_TEST_PROCESS_JOBS=N runs N at once.
const PROCESS_CONCURRENCY = Number(process.env.SOCKTOP_TEST_PROCESS_JOBS ?? 2 * cores);
const UNIT_CONCURRENCY = Number(process.env.SOCKTOP_TEST_UNIT_JOBS ?? cores);
// Unit files run several to a process (scripts/test-batches.mjs), in about this many processes:
// 4 per core, so that the times the balance goes by (the last run's, or test/durations.json on a
// clean clone) may be off without one batch ending long after the others (at 2 per core one took
// 133 s and the next 43 s, clean-clone CI log, 2026-11-30). A batch's start costs ≈0.4 s CPU.
const UNIT_BATCHES = Number(process.env.SOCKTOP_TEST_UNIT_BATCHES ?? 4 * cores);
const BATCH_TIMEOUT_MS = 30 * 60_000;
const NODE_ARGS = [
	'--import',
	'./scripts/ts-register.mjs',
	'--import',
	'./scripts/ink-patch-register.mjs',
	'--test-reporter=spec',
];
// Only a guard against a hung file: it is killed (SIGKILL, so what it started may be left) and
// fails the run. At load ≈45 on 2 cores, files took up to 6 min (lazy-loading, many-hosts, metrics);
// quiet, under one.
const FILE_TIMEOUT_MS = 30 * 60_000;
// NODE_EXTRA_CA_CERTS makes every Node process read and parse that file as it starts: with the
// system bundle (144 certificates, set on the development machine) `node dist/cli.js --version`
// cost 0.159 s CPU against 0.105 s without (10 runs each, alternately, load 6.5), and the suite
// starts ≈300 Node processes. Only the packaging test goes beyond loopback (npm's registry).
const KEEPS_CA_CERTS = /^test\/packaging\//;
const withoutExtraCerts = () => {
	const env = {...process.env};
	delete env.NODE_EXTRA_CA_CERTS;
	return env;
};
const DURATIONS_CACHE = join(root, 'node_modules', '.cache', 'socktop-tests', 'durations.json');
const DURATIONS_SEED = join(root, 'test', 'durations.json');

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

function readDurations() {
	for (const file of [DURATIONS_CACHE, DURATIONS_SEED]) {
		try {
			return JSON.parse(readFileSync(file, 'utf8'));
		} catch {}
	}
	return {};
}

/** Runs a command; resolves with its exit code, its output and how long it took. */
function run(label, file, args, {stream = false, timeoutMs = 0, env = process.env} = {}) {
	const started = Date.now();
	return new Promise((resolve) => {
		const child = spawn(file, args, {cwd: root, env, stdio: ['ignore', stream ? 'inherit' : 'pipe', 'pipe']});
		const chunks = [];
		const timer =
			timeoutMs > 0 &&
			setTimeout(() => {
				chunks.push(Buffer.from(`\nnpm test: ${label} still running after ${timeoutMs / 1000} s: killed\n`));
				child.kill('SIGKILL');
			}, timeoutMs);
		child.stdout?.on('data', (chunk) => chunks.push(chunk));
		child.stderr.on('data', (chunk) => {
			chunks.push(chunk);
			if (stream) process.stderr.write(chunk);
		});
		child.on('error', (error) => chunks.push(Buffer.from(`${error.message}\n`)));
		child.on('close', (code, signal) => {
			if (timer) clearTimeout(timer);
			const output = Buffer.concat(chunks).toString();
			resolve({
				label,
				code: code ?? (signal ? 1 : 0),
				output: stream ? '' : output,
				counts: countsOf(output),
				seconds: (Date.now() - started) / 1000,
				endedAt: Date.now(),
			});
		});
	});
}

/** The spec reporter's closing counts (`ℹ pass N`). */
function countsOf(output) {
	const counts = {pass: 0, fail: 0, skipped: 0};
	for (const match of output.matchAll(/^ℹ (pass|fail|skipped) (\d+)$/gm))
		counts[match[1]] += Number(match[2]);
	return counts;
}

/** The group that FILE must not run beside, or null. */
const groupOf = (file) => EXCLUSIVE.find(({files}) => files.test(file))?.name ?? null;

/**
 * Runs JOBS ({label, args, group, timeoutMs}), at most CONCURRENCY at once and never two of one
 * exclusive group together, each printed whole when it ends.
 */
async function runQueue(jobs, concurrency) {
	const queue = [...jobs];
	const busy = new Set();
	const results = [];
	let wake = () => {};
	const next = () => queue.findIndex((job) => !busy.has(job.group));
	const worker = async () => {
		while (queue.length > 0) {
			const index = next();
			if (index < 0) {
				// Only jobs of busy groups are left: wait for one to end.
				await new Promise((resolve) => {
					const previous = wake;
					wake = () => {
						previous();
						resolve();
					};
				});
				continue;
			}
			const [job] = queue.splice(index, 1);
			if (job.group) busy.add(job.group);
			const result = await run(job.label, process.execPath, job.args, {
				timeoutMs: job.timeoutMs,
				env: job.env,
			});
			if (job.group) busy.delete(job.group);
			const waiting = wake;
			wake = () => {};
			waiting();
			const about = job.about ? `\n# ${job.about}` : '';
			process.stdout.write(`\n# ${job.label} (${result.seconds.toFixed(1)} s)${about}\n${result.output}`);
			results.push({...result, job});
		}
	};
	await Promise.all(Array.from({length: Math.min(concurrency, jobs.length)}, worker));
	return results;
}

/** One test file in its own process. */
const soloJob = (file) => ({
	label: file,
	files: [file],
	args: [...NODE_ARGS, file],
	group: groupOf(file),
	timeoutMs: FILE_TIMEOUT_MS,
	env: KEEPS_CA_CERTS.test(file) ? process.env : withoutExtraCerts(),
});

const staleSolo = missingSolo(root);
if (staleSolo.length > 0) {
	process.stderr.write(
		`npm test: scripts/test-batches.mjs's SOLO lists ${staleSolo.join(', ')}, which does not exist: moved? Its reason still holds where it went.\n`,
	);
	process.exit(1);
}

const args = process.argv.slice(2);
const checks = !args.includes('--no-checks');
const paths = args.filter((arg) => !arg.startsWith('--'));
const files = (paths.length > 0 ? paths : ['test']).flatMap((path) =>
	testFiles(relative(root, join(root, path))),
);
const durations = readDurations();
const secondsOf = (file) => durations[file] ?? 1;
const longestFirst = (a, b) => secondsOf(b) - secondsOf(a);
const processFiles = files
	.filter((file) => PROCESS_FILES.some((pattern) => pattern.test(file)))
	.sort(longestFirst);
const unitFiles = files.filter((file) => !processFiles.includes(file)).sort(longestFirst);
const processJobs = processFiles.map(soloJob);
const unitJobs = unitFiles.filter((file) => SOLO.has(file)).map(soloJob);
for (const withEnvironment of [false, true]) {
	const batched = unitFiles.filter(
		(file) => !SOLO.has(file) && setsInkEnvironment(root, file) === withEnvironment,
	);
	// Batches in proportion to the time of the class's files.
	const total = (list) => list.reduce((sum, file) => sum + secondsOf(file), 0);
	const share = Math.max(1, Math.round((UNIT_BATCHES * total(batched)) / Math.max(1, total(unitFiles))));
	for (const [index, bin] of balance(batched, share, secondsOf, root).entries()) {
		const name = `batch-${withEnvironment ? 'ink-env' : 'plain'}-${index + 1}`;
		const entry = batchEntry(root, name, bin.files, withEnvironment);
		unitJobs.push({
			label: name,
			about: `${bin.files.length} files: ${bin.files.join(' ')}`,
			files: bin.files,
			args: [
				...NODE_ARGS,
				'--test-reporter=./scripts/test-times-reporter.mjs',
				// Paired in order: spec (in NODE_ARGS) to stdout, the times to their file.
				'--test-reporter-destination=stdout',
				`--test-reporter-destination=${entry}.times`,
				entry,
			],
			group: null,
			timeoutMs: BATCH_TIMEOUT_MS,
			env: withoutExtraCerts(),
			seconds: bin.seconds,
		});
	}
}
unitJobs.sort((a, b) => (b.seconds ?? secondsOf(b.label)) - (a.seconds ?? secondsOf(a.label)));
const started = Date.now();

// The build (the end-to-end tests run dist/) and the transpiled TypeScript first: both are
// needed by what follows, and take a few seconds side by side.
const [build] = await Promise.all([
	checks ? run('build', process.execPath, ['scripts/build.mjs'], {stream: true}) : null,
	transpileAll(['cli.tsx', 'source', 'test', 'bench', 'scripts']),
]);
if (build && build.code !== 0) {
	process.stderr.write(`npm test: build failed\n${build.output}`);
	process.exit(build.code);
}

const checkJobs = checks
	? [
			run('lint', process.execPath, ['node_modules/@biomejs/biome/bin/biome', 'check', '.']),
			// tsgo (@typescript/native-preview, pinned): the same errors as tsc 5.9.3 on this tree and
			// on 18 seeded ones (scripts/typecheck-seeded.mjs), for ≈4 s CPU against tsc's 19–26 s
			// (docs/test-suite.md). One thread: beside the tests both cores are busy anyway, and its
			// checker threads cost ≈1 s more CPU. `npm run typecheck:tsc` keeps tsc at hand.
			run('typecheck', process.execPath, [
				'node_modules/@typescript/native-preview/bin/tsgo',
				'-p',
				'tsconfig.json',
				'--noEmit',
				'--singleThreaded',
			]),
		]
	: [];
const [processResults, unitResults, checkResults] = await Promise.all([
	runQueue(processJobs, PROCESS_CONCURRENCY),
	runQueue(unitJobs, UNIT_CONCURRENCY),
	Promise.all(checkJobs),
]);

for (const result of checkResults)
	if (result.code !== 0 || result.output.trim())
		process.stdout.write(`\n# ${result.label}\n${result.output}`);

// The order of the next run: a solo file's wall time, a batched file's time from its tests.
const measured = {...durations};
for (const result of [...processResults, ...unitResults])
	if (result.job.label === result.job.files[0]) measured[result.label] = Number(result.seconds.toFixed(1));
const batchedMs = {};
for (const job of unitJobs.filter((job) => job.files.length > 1 || job.label !== job.files[0]))
	try {
		for (const line of readFileSync(`${job.args.at(-1)}.times`, 'utf8')
			.split('\n')
			.filter(Boolean)) {
			const {file, ms} = JSON.parse(line);
			const key = relative(root, file);
			batchedMs[key] = (batchedMs[key] ?? 0) + ms;
		}
	} catch {}
for (const [file, ms] of Object.entries(batchedMs)) measured[file] = Number((ms / 1000).toFixed(1));
try {
	mkdirSync(join(DURATIONS_CACHE, '..'), {recursive: true});
	writeFileSync(DURATIONS_CACHE, `${JSON.stringify(measured, null, '\t')}\n`);
} catch {}
const batches = batchDirectory();
if (batches) rmSync(batches, {recursive: true, force: true});

const failed = [...checkResults, ...processResults, ...unitResults].filter((result) => result.code !== 0);
process.stdout.write('\n');
for (const result of checkResults)
	process.stdout.write(
		`${result.code === 0 ? 'passed' : 'FAILED'}  ${result.label} (${result.seconds.toFixed(1)} s)\n`,
	);
for (const result of failed.filter((result) => !checkResults.includes(result)))
	process.stdout.write(
		`FAILED  ${result.label} (${result.seconds.toFixed(1)} s)${result.job.about ? `, ${result.job.about}` : ''}\n`,
	);
process.stdout.write(
	`npm test: ${files.length} test files (${unitFiles.length} unit in ${unitJobs.length} processes, ${unitFiles.length > 0 ? UNIT_CONCURRENCY : 0} at once; ${processFiles.length} driving processes, ${processFiles.length > 0 ? PROCESS_CONCURRENCY : 0} at once), ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
);
// The chains of the run: when each part ended (seconds from the start of the tests), and the
// sum of its files' wall times. The part that ends last is the one to shorten.
const endOf = (results) =>
	results.length === 0 ? 0 : (Math.max(...results.map((result) => result.endedAt)) - started) / 1000;
const sumOf = (results) => results.reduce((sum, result) => sum + result.seconds, 0);
process.stdout.write(
	`chains: ${[
		...checkResults.map((result) => `${result.label} ended at ${endOf([result]).toFixed(0)} s`),
		`unit files at ${endOf(unitResults).toFixed(0)} s (${unitResults.length} processes, ${sumOf(unitResults).toFixed(0)} s in all)`,
		`process files at ${endOf(processResults).toFixed(0)} s (${processResults.length}, ${sumOf(processResults).toFixed(0)} s in all)`,
	].join('; ')}\n`,
);
// One plain closing line for whoever reads the log (CI): every test file's counts together.
const total = {pass: 0, fail: 0, skipped: 0};
for (const result of [...processResults, ...unitResults])
	for (const key of Object.keys(total)) total[key] += result.counts[key];
process.stdout.write(`tests: ${total.pass} passed, ${total.fail} failed, ${total.skipped} skipped\n`);
process.exit(failed.length === 0 ? 0 : 1);

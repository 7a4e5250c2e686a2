// Where a cold `socktop --once` spends its wall time, thread by thread (docs/cold-read.md):
//   node bench/cold-timeline.mjs [dist/cli.js] [-- socktop args…]
// runs `node --cpu-prof` on it (stdout to /dev/null), then reads the profiles of the main
// thread and of the owner-walk worker (V8's clock is the same for both) and prints, for each
// phase, when its first and last sample fell (ms after the main thread's profile started) and
// how many samples it had (×0.2 ms: the sampling interval). Linux, a built dist/ needed.
// On a busy machine the spans stretch with the run-queue wait; the sample counts less.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const INTERVAL_US = 200;
const args = process.argv.slice(2);
const split = args.indexOf('--');
const cli =
	(split === -1 ? args[0] : args.slice(0, split)[0]) ??
	fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const cliArgs = split === -1 ? ['--once'] : args.slice(split + 1);

/** Phase name → functions whose presence on the stack marks it (first match wins, top to bottom). */
const PHASES = [
	['owner walk: links read', /^readFdSlices$/],
	['owner walk: fds listed', /^listAllFds$|^walkAllFds$/],
	['argument parsing (meow)', /^parseArgs$/],
	['worker start (main side)', /^startOwnerPrefetch$|^prefetchPays$/],
	['tables read', /^readWholeSync$/],
	['tables parsed', /^parseProcNet$|^parseInChunks$|^withoutRepeats$/],
	['walk joined (owners)', /^settleSeed$|^holdAll$|^ownersOf$/],
	['records built', /^toRecord$|^makeRecord$/],
	['sorted', /^sortForListing$/],
	['table formatted', /^textTableLines$|^pushCells$|^tableLines$/],
	['written', /^writeSync$|^writeGeneric$|^_write$/],
	['module loading', /^compileSourceTextModule$|^compileForInternalLoader$|^defaultLoad$|^defaultResolve$/],
];

const dir = mkdtempSync(join(tmpdir(), 'sc-timeline-'));
try {
	const run = spawnSync(
		process.execPath,
		['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', String(INTERVAL_US), cli, ...cliArgs],
		{stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8'},
	);
	if (run.status !== 0) process.stderr.write(`exit ${run.status}: ${run.stderr}`);
	const profiles = readdirSync(dir)
		.filter((name) => name.endsWith('.cpuprofile'))
		.map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')));
	const main = profiles.reduce((a, b) => (a.startTime <= b.startTime ? a : b));
	const origin = main.startTime;
	const spans = new Map();
	for (const [index, profile] of profiles.entries()) {
		const thread = profile === main ? 'main' : `thread ${index}`;
		const byId = new Map(profile.nodes.map((node) => [node.id, node]));
		const parent = new Map();
		for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
		const phaseOf = new Map();
		const phase = (id) => {
			if (phaseOf.has(id)) return phaseOf.get(id);
			const names = [];
			for (let at = id; at !== undefined; at = parent.get(at))
				names.push(byId.get(at).callFrame.functionName);
			const leaf = names[0];
			let found =
				leaf === '(garbage collector)' ? 'garbage collection' : leaf === '(idle)' ? null : undefined;
			if (found === undefined)
				found = PHASES.find(([, re]) => names.some((name) => re.test(name)))?.[0] ?? 'other';
			phaseOf.set(id, found);
			return found;
		};
		let t = profile.startTime;
		for (let i = 0; i < profile.samples.length; i++) {
			t += profile.timeDeltas[i];
			const name = phase(profile.samples[i]);
			if (name === null) continue;
			const key = `${thread}: ${name}`;
			const span = spans.get(key) ?? {first: t, last: t, samples: 0};
			span.last = t;
			span.samples++;
			spans.set(key, span);
		}
		const end = (profile.endTime - origin) / 1000;
		process.stdout.write(
			`${thread}: profile ${((profile.startTime - origin) / 1000).toFixed(0)}–${end.toFixed(0)} ms\n`,
		);
	}
	const rows = [...spans].sort((a, b) => a[1].first - b[1].first);
	for (const [key, span] of rows)
		process.stdout.write(
			`${key.padEnd(44)} ${((span.first - origin) / 1000).toFixed(0).padStart(6)}–${((span.last - origin) / 1000).toFixed(0).padEnd(6)} ms  ${String(span.samples).padStart(5)} samples\n`,
		);
} finally {
	rmSync(dir, {recursive: true, force: true});
}

// `node bench/scan-phases.mjs RUNS 'name=node dist/cli.js scan 127.0.0.1 --ports top1000' …`:
// runs each command (a `node …` line) in turn, RUNS rounds, stdio to /dev/null as the startup
// bench runs them, with bench/scan-phases-preload.cjs, and prints medians (ms) of each phase:
// whole process (wall, CPU of the reaped child), preload → first connect (wall, main-thread
// CPU), first connect → exit (wall, process CPU, main-thread CPU), the last answer → exit, and
// the load average at the start and end. Old and new builds alternate in the same minutes
// (docs/scan-start.md). Words are split on spaces; leading VAR=value words set the environment.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const PRELOAD = fileURLToPath(new URL('./scan-phases-preload.cjs', import.meta.url));
const runs = Number(process.argv[2]);
const subjects = process.argv.slice(3).map((arg) => {
	const at = arg.indexOf('=');
	return [arg.slice(0, at), arg.slice(at + 1).split(' ')];
});
if (!Number.isInteger(runs) || runs < 1 || subjects.length === 0) {
	process.stderr.write("usage: node bench/scan-phases.mjs RUNS 'name=node script args…' …\n");
	process.exit(2);
}
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const childrenCpuMs = () => {
	const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
	return (Number(fields[13]) + Number(fields[14])) * 10;
};
const dir = mkdtempSync(join(tmpdir(), 'socktop-scan-phases-'));
const out = join(dir, 'marks.json');
const results = new Map(subjects.map(([name]) => [name, []]));
console.log(`load average at start: ${load()}`);
try {
	for (let round = 0; round < runs; round++)
		for (const [name, words] of subjects) {
			const env = {...process.env, SCAN_PHASES_OUT: out};
			let at = 0;
			while (/^\w+=/.test(words[at])) {
				const [key, value] = words[at].split('=');
				env[key] = value;
				at++;
			}
			const [command, ...args] = words.slice(at);
			rmSync(out, {force: true});
			const before = childrenCpuMs();
			const started = performance.now();
			const child = spawnSync(command, ['-r', PRELOAD, ...args], {env, stdio: 'ignore'});
			const wall = performance.now() - started;
			const cpu = childrenCpuMs() - before;
			let marks;
			try {
				marks = Object.fromEntries(JSON.parse(readFileSync(out, 'utf8')).map(([label, ...v]) => [label, v]));
			} catch {
				console.log(`${name}: no marks (exit ${child.status})`);
				continue;
			}
			const span = (from, to, field) => marks[to][field] - marks[from][field];
			results.get(name).push({
				wall,
				cpu,
				toConnect: span('preload', 'first', 0),
				toConnectMain: span('preload', 'first', 2),
				scan: span('first', 'exit', 0),
				scanCpu: span('first', 'exit', 1),
				scanMain: span('first', 'exit', 2),
				tailMain: marks.answered ? span('answered', 'exit', 2) : Number.NaN,
			});
		}
} finally {
	rmSync(dir, {recursive: true, force: true});
}
const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const columns = ['wall', 'cpu', 'toConnect', 'toConnectMain', 'scan', 'scanCpu', 'scanMain', 'tailMain'];
console.log(`${'medians, ms'.padEnd(14)}${columns.map((c) => c.padStart(14)).join('')}`);
for (const [name, rows] of results)
	console.log(
		`${name.padEnd(14)}${columns
			.map((c) =>
				median(rows.map((r) => r[c]))
					.toFixed(1)
					.padStart(14),
			)
			.join('')}  (${rows.length} runs)`,
	);
console.log(`load average at end: ${load()}`);

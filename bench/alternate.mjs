// `node bench/alternate.mjs RUNS 'name=command args…' …`: runs the commands alternately,
// RUNS rounds, and prints each one's mean CPU (user + system of the reaped child, from
// /proc/self/stat, 10 ms ticks) as a multiple of the first command's, and its median wall
// time and range, and the median of its per-round wall ratio to the first command (two runs
// made seconds apart, less exposed to the load's drift than the ratio of medians), with the
// load average at the start and the end. Words are split on spaces (no quoting). Used for the
// before/after figures of the README's "Start-up" paragraph and docs/cold-read.md's floor.
import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';

const runs = Number(process.argv[2]);
const subjects = process.argv.slice(3).map((arg) => {
	const at = arg.indexOf('=');
	return [arg.slice(0, at), arg.slice(at + 1).split(' ')];
});
if (!Number.isInteger(runs) || runs < 1 || subjects.length === 0) {
	process.stderr.write("usage: node bench/alternate.mjs RUNS 'name=command args' …\n");
	process.exit(2);
}
/** CPU of reaped children so far, in ms (cutime + cstime: fields 16 and 17 of stat). */
const childrenCpuMs = () => {
	const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
	return (Number(fields[13]) + Number(fields[14])) * 10;
};
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const cpu = new Map(subjects.map(([name]) => [name, []]));
const wall = new Map(subjects.map(([name]) => [name, []]));
console.log(`load average at start: ${load()}`);
for (let round = 0; round < runs; round++)
	for (const [name, argv] of subjects) {
		const before = childrenCpuMs();
		const started = performance.now();
		const result = spawnSync(argv[0], argv.slice(1), {stdio: 'ignore'});
		wall.get(name).push(performance.now() - started);
		cpu.get(name).push(childrenCpuMs() - before);
		if (result.status !== 0) console.log(`${name}: exit ${result.status}`);
	}
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
const first = subjects[0][0];
const base = mean(cpu.get(first));
for (const [name] of subjects) {
	const own = mean(cpu.get(name));
	const walls = wall.get(name);
	const ratios = walls.map((w, i) => w / wall.get(first)[i]);
	console.log(
		`${name.padEnd(24)} CPU ${own.toFixed(0).padStart(5)} ms ${(own / base).toFixed(2)}×   wall ${median(walls).toFixed(0)} ms (${Math.min(...walls).toFixed(0)}–${Math.max(...walls).toFixed(0)}), per-round ratio median ${median(ratios).toFixed(2)}× (best ${Math.min(...ratios).toFixed(2)}×)`,
	);
}
console.log(`load average at end: ${load()}`);

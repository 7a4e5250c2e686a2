// `node bench/cold-floor-alternate.mjs RUNS 'name=command args…' …`: bench/alternate.mjs's
// method (commands run alternately, RUNS rounds, process CPU of the reaped child from
// /proc/self/stat, wall by performance.now(), load average at start and end), printing also
// each command's wall range and the median of its per-round wall ratio to the first command
// (the ratio of two runs made seconds apart, less exposed to the load's drift than the
// ratio of medians). For docs/cold-read.md's eighth pass (bench/cold-floor.mjs).
import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';

const runs = Number(process.argv[2]);
const subjects = process.argv.slice(3).map((arg) => {
	const at = arg.indexOf('=');
	return [arg.slice(0, at), arg.slice(at + 1).split(' ')];
});
if (!Number.isInteger(runs) || runs < 1 || subjects.length === 0) {
	process.stderr.write("usage: node bench/cold-floor-alternate.mjs RUNS 'name=command args' …\n");
	process.exit(2);
}
const childrenCpuMs = () => {
	const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
	return (Number(fields[13]) + Number(fields[14])) * 10;
};
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const cpu = new Map(subjects.map(([name]) => [name, []]));
const wall = new Map(subjects.map(([name]) => [name, []]));
console.log(`${new Date().toISOString()} load average at start: ${load()}`);
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
const base = subjects[0][0];
for (const [name] of subjects) {
	const own = mean(cpu.get(name));
	const walls = wall.get(name);
	const ratios = walls.map((w, i) => w / wall.get(base)[i]);
	console.log(
		`${name.padEnd(18)} CPU ${own.toFixed(0).padStart(5)} ms ${(own / mean(cpu.get(base))).toFixed(2)}×  wall median ${median(walls).toFixed(0).padStart(5)} ms (${Math.min(...walls).toFixed(0)}–${Math.max(...walls).toFixed(0)})  per-round ratio median ${median(ratios).toFixed(2)}× (best ${Math.min(...ratios).toFixed(2)}×)`,
	);
}
console.log(`${new Date().toISOString()} load average at end: ${load()}`);

// Section "sources": with N loopback connections held by child processes, times
// the procfs source (first poll on a fresh instance, then 20 steady polls), the
// netstat source, and `ss -tunap` / `netstat -tunap` run as processes, all in
// the same run, and prints the ratios the issue states as goals.
import {performance} from 'node:perf_hooks';
import {createNetstatSource} from '../source/sources/netstat/netstat-source.js';
import {nodeProcFs, type ProcFs} from '../source/sources/procfs/proc-fs.js';
import {createProcfsSource} from '../source/sources/procfs/procfs-source.js';
import type {SocketSource} from '../source/sources/source.js';
import {holdConnections} from './connections.js';
import {
	commandLine,
	describeSocketCount,
	median,
	met,
	ms,
	type Print,
	ratio,
	type SummaryRow,
	spread,
	timeProcess,
} from './lib.js';
import {procfsBreakdown, profileProcfs} from './procfs-breakdown.js';

const STEADY_POLLS = 20;
const NETSTAT_POLLS = 5;
const NETSTAT_RUNS = 5;

/** ratio goal per connection count: procfs steady poll ≤ goal × `ss -tunap`. */
const GOALS: Record<number, number> = {1000: 1.0, 10000: 0.5};

const SS = {file: 'ss', args: ['-tunap']} as const;
const NETSTAT = {file: 'netstat', args: ['-tunap']} as const;

/** The real /proc access, counting readlink calls: a poll that makes any has walked /proc/<pid>/fd. */
function countingProcFs(): ProcFs & {readlinks: number} {
	const fs = {
		...nodeProcFs,
		readlinks: 0,
		readlinkSync: (path: string) => {
			fs.readlinks++;
			return nodeProcFs.readlinkSync(path);
		},
	};
	return fs;
}

async function timeRead(source: SocketSource): Promise<{ms: number; records: number; unattributed: number}> {
	const started = performance.now();
	const result = await source.read(new AbortController().signal);
	return {ms: performance.now() - started, records: result.records.length, unattributed: result.unattributed};
}

export interface SourcesOptions {
	readonly connections: number;
	/** Profile the procfs source even when its goal is met. */
	readonly forceProfile?: boolean;
}

export async function runSourcesBench(options: SourcesOptions, out: Print): Promise<SummaryRow[]> {
	const n = options.connections;
	const section = `sources @${n.toLocaleString('en-US')}`;
	out(`## Sources with ${n.toLocaleString('en-US')} established loopback connections`);
	const held = await holdConnections(n, out);
	const rows: SummaryRow[] = [];
	try {
		out(`  ready in ${(held.setupMs / 1000).toFixed(1)} s; ${describeSocketCount()}`);
		out(`  reference commands (spawned directly, no shell; stdout read through a pipe and discarded):`);
		out(`    $ ${commandLine(SS.file, SS.args)}`);
		out(`    $ ${commandLine(NETSTAT.file, NETSTAT.args)}`);
		out(`    $ ${commandLine('/bin/true', [])}   (spawn overhead, included in every process figure)`);

		// procfs: the first poll walks every /proc/<pid>/fd; later polls use the owner cache.
		const fs = countingProcFs();
		const procfs = createProcfsSource({fs});
		const first = await timeRead(procfs);
		out(
			`  procfs first poll: ${ms(first.ms)} (${first.records} records, ${first.unattributed} unattributed, ${fs.readlinks} fd links read)`,
		);

		// Steady polls interleaved with `ss` runs, so machine noise hits both alike.
		await timeProcess(SS.file, SS.args); // warm-up
		const steady: number[] = [];
		const ss: number[] = [];
		let ssBytes = 0;
		let steadyRecords = 0;
		const walked: number[] = [];
		for (let i = 0; i < STEADY_POLLS; i++) {
			const links = fs.readlinks;
			const read = await timeRead(procfs);
			steady.push(read.ms);
			if (fs.readlinks > links) walked.push(read.ms);
			steadyRecords = read.records;
			const run = await timeProcess(SS.file, SS.args);
			if (run.code !== 0) out(`  warning: ss exited with ${run.code}`);
			ss.push(run.ms);
			ssBytes = run.stdoutBytes;
		}
		out(`  procfs steady poll: ${spread(steady)} (${steadyRecords} records)`);
		if (walked.length > 0) {
			// Any socket the cache has never seen (another program on this shared machine) forces a walk.
			out(
				`    ${walked.length} of these ${STEADY_POLLS} polls re-walked /proc/*/fd because new sockets appeared ` +
					`(${walked.map((value) => value.toFixed(0)).join(', ')} ms); without them: ${spread(steady.filter((value) => !walked.includes(value)))}`,
			);
		} else out(`    (none of the ${STEADY_POLLS} re-walked /proc/*/fd: every owner came from the cache)`);
		out(`  ss -tunap:          ${spread(ss)} (${ssBytes} bytes of output)`);

		const netstatSource = createNetstatSource();
		await timeRead(netstatSource); // warm-up
		const netstatPolls: number[] = [];
		let netstatRecords = 0;
		for (let i = 0; i < NETSTAT_POLLS; i++) {
			const read = await timeRead(netstatSource);
			netstatPolls.push(read.ms);
			netstatRecords = read.records;
		}
		out(`  netstat source poll: ${spread(netstatPolls)} (${netstatRecords} records; runs netstat -tunapWe)`);

		await timeProcess(NETSTAT.file, NETSTAT.args); // warm-up
		const netstat: number[] = [];
		let netstatBytes = 0;
		for (let i = 0; i < NETSTAT_RUNS; i++) {
			const run = await timeProcess(NETSTAT.file, NETSTAT.args);
			netstat.push(run.ms);
			netstatBytes = run.stdoutBytes;
		}
		out(`  netstat -tunap:     ${spread(netstat)} (${netstatBytes} bytes of output)`);

		const spawnBaseline: number[] = [];
		for (let i = 0; i < 5; i++) spawnBaseline.push((await timeProcess('/bin/true', [])).ms);
		out(`  /bin/true:          ${spread(spawnBaseline)}`);

		const steadyMs = median(steady);
		const ssMs = median(ss);
		const netstatMs = median(netstat);
		const netstatSourceMs = median(netstatPolls);
		out('  ratios (medians of this run):');
		out(`    procfs steady / ss -tunap       = ${ratio(steadyMs / ssMs)}`);
		out(`    procfs first  / ss -tunap       = ${ratio(first.ms / ssMs)}`);
		out(`    procfs steady / netstat -tunap  = ${ratio(steadyMs / netstatMs)}`);
		out(`    netstat source / netstat -tunap = ${ratio(netstatSourceMs / netstatMs)}`);
		out(`    netstat -tunap / ss -tunap      = ${ratio(netstatMs / ssMs)}`);

		const goal = GOALS[n];
		let goalMet = true;
		if (goal !== undefined) {
			goalMet = steadyMs <= goal * ssMs;
			const text = `procfs steady poll ≤ ${goal.toFixed(1)}× ss -tunap`;
			const measured = `${ms(steadyMs)} vs ${ms(ssMs)} = ${ratio(steadyMs / ssMs)}`;
			out(`  goal: ${text}: ${measured} → ${met(goalMet)}`);
			rows.push({section, goal: text, measured, verdict: goalMet ? 'met' : 'NOT met'});
		}
		rows.push({
			section,
			goal: 'procfs first poll (walks /proc/*/fd)',
			measured: `${ms(first.ms)} = ${ratio(first.ms / ssMs)} ss`,
			verdict: 'info',
		});
		rows.push({
			section,
			goal: 'netstat source poll vs netstat -tunap',
			measured: `${ms(netstatSourceMs)} vs ${ms(netstatMs)} = ${ratio(netstatSourceMs / netstatMs)}`,
			verdict: 'info',
		});

		if (n >= 10_000 || !goalMet || options.forceProfile) {
			out('  where a steady procfs poll spends its time:');
			await procfsBreakdown(out, steadyMs);
		}
		if (!goalMet || options.forceProfile) {
			out(`  CPU profile of ${STEADY_POLLS} steady procfs polls (node:inspector, sampled every 100 µs):`);
			await profileProcfs(out, STEADY_POLLS);
		}
	} finally {
		await held.close();
		out(`  connections closed; ${describeSocketCount()}`);
	}
	return rows;
}

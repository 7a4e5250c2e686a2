// Section "idle": issue 14's idle-CPU goal alone, shorter than the memory section. The
// dashboard and `watch -n2 ss -tunap` run AT THE SAME TIME, each in its own tmux pane
// (120×40), over the same window with nothing changing, at 1,000 and 10,000 held loopback
// connections; so a change of load on the shared machine falls on both. CPU is user+sys of the
// pane's process and the children it reaped (watch's ss runs, the dashboard's ss runs), plus
// any child still running when the window ends (the dashboard's long-lived `ss -E`).
//   SOCKTOP_BENCH_COUNTS=1000        sizes (default 1000,10000)
//   SOCKTOP_BENCH_IDLE_S=60          window (default 60 s, the goal's)
//   SOCKTOP_BENCH_OLD_CLI=/path/cli.js  another build beside them (a before/after ratio)
//   SOCKTOP_BENCH_RATES_OFF=1        the dashboard with SOCKTOP_RATES=off beside them
// As root it runs in a new network namespace (loopback only): the sockets and TCP traffic of
// other work on this machine would otherwise be the dashboard's to read.
import {existsSync} from 'node:fs';
import {loadavg} from 'node:os';
import {delimiter, dirname} from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {benchTmux, OUTSIDE_CI} from './bench-tmux.js';
import {holdConnections} from './connections.js';
import {
	commandLine,
	commandOutput,
	describeSocketCount,
	met,
	type Print,
	ratio,
	readProcCpu,
	type SummaryRow,
	sleep,
} from './lib.js';
import {canRunInOwnNetns, runInOwnNetns} from './own-netns.js';
import {descendants} from './proc-tree.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const TMUX = benchTmux('socktop-idle');
const WINDOW_S = Number(process.env.SOCKTOP_BENCH_IDLE_S ?? 60);
const COUNTS: readonly number[] = process.env.SOCKTOP_BENCH_COUNTS
	? process.env.SOCKTOP_BENCH_COUNTS.split(',').map(Number)
	: [1000, 10_000];
const CHILD = fileURLToPath(new URL('./idle-netns-child.ts', import.meta.url));

const load = () =>
	loadavg()
		.map((value) => value.toFixed(2))
		.join(' ');

const tmux = (args: readonly string[]): string => {
	const result = TMUX.run(args);
	return result.ok ? result.stdout : '';
};

export const killIdleTmux = (): void => TMUX.kill();

/** CPU seconds of PID, its reaped children, and its running descendants. */
function cpuOf(pid: number): number | null {
	const own = readProcCpu(pid);
	if (own === null) return null;
	let total = own.self + own.children;
	for (const child of descendants(pid)) {
		const cpu = readProcCpu(child);
		// A reaped descendant's time is already in its parent's children figure.
		if (cpu) total += cpu.self;
	}
	return total;
}

interface Pane {
	readonly name: string;
	readonly pid: number;
	readonly ready: (screen: string) => boolean;
}

export async function runIdleBench(out: Print): Promise<SummaryRow[]> {
	out('## Idle CPU: the dashboard beside watch -n2 ss -tunap, same window, nothing changing');
	if (canRunInOwnNetns()) return runInOwnNetns(CHILD, out);
	if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
	if (commandOutput('tmux', ['-V']) === null) throw new Error('tmux is not installed');
	const path = `PATH=${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;
	const dashboard = (cli: string, env: readonly string[] = []) => [
		...OUTSIDE_CI,
		path,
		...env,
		cli,
		'--netns',
		'host',
	];
	const old = process.env.SOCKTOP_BENCH_OLD_CLI;
	const commands: [string, string[]][] = [['socktop', dashboard(CLI)]];
	if (old) commands.push(['old', dashboard(old)]);
	if (process.env.SOCKTOP_BENCH_RATES_OFF) commands.push(['off', dashboard(CLI, ['SOCKTOP_RATES=off'])]);
	commands.push(['watch', ['watch', '-n2', 'ss', '-tunap']]);
	for (const [name, command] of commands) out(`  ${name}: $ ${commandLine('tmux', ['…', ...command])}`);
	const rows: SummaryRow[] = [];
	try {
		for (const count of COUNTS) {
			const section = `idle @${count.toLocaleString('en-US')}`;
			out(`### ${count.toLocaleString('en-US')} held connections`);
			const held = await holdConnections(count, out);
			try {
				out(`  ${describeSocketCount()}`);
				const wantEstablished = (screen: string) => {
					const match = /established (\d+)/.exec(screen);
					return match !== null && Number(match[1]) >= count;
				};
				const panes: Pane[] = commands.map(([name, command]) => {
					const pid = TMUX.start(name, command);
					return {name, pid, ready: name === 'watch' ? (s) => /Netid/.test(s) : wantEstablished};
				});
				const started = performance.now();
				const waiting = new Set(panes);
				while (waiting.size > 0 && performance.now() - started < 60_000) {
					for (const pane of [...waiting])
						if (pane.ready(tmux(['capture-pane', '-p', '-t', pane.name]))) waiting.delete(pane);
					await sleep(100);
				}
				for (const pane of waiting) out(`  ${pane.name}: no first frame in 60 s`);
				await sleep(3000);
				const load0 = load();
				const cpu0 = panes.map((pane) => cpuOf(pane.pid));
				const t0 = performance.now();
				await sleep(WINDOW_S * 1000);
				const cpu1 = panes.map((pane) => cpuOf(pane.pid));
				const seconds = (performance.now() - t0) / 1000;
				const pct = new Map<string, number>();
				panes.forEach((pane, i) => {
					const a = cpu0[i];
					const b = cpu1[i];
					const value = a != null && b != null ? (100 * (b - a)) / seconds : Number.NaN;
					pct.set(pane.name, value);
					const last = tmux(['capture-pane', '-p', '-t', pane.name]).split('\n')[0]?.trim() ?? '';
					out(`  ${pane.name.padEnd(8)} CPU ${value.toFixed(2)} % of a core   (${last.slice(0, 90)})`);
				});
				out(`  load average ${load0} → ${load()} over ${seconds.toFixed(0)} s`);
				for (const pane of panes) tmux(['kill-session', '-t', pane.name]);
				const ss = pct.get('watch') ?? Number.NaN;
				const mine = pct.get('socktop') ?? Number.NaN;
				const r = mine / ss;
				rows.push({
					section,
					goal: `idle CPU over ${WINDOW_S} s ≤ 1.0× watch -n2 ss -tunap`,
					measured: `${mine.toFixed(2)} % vs ${ss.toFixed(2)} % = ${ratio(r)}`,
					verdict: r <= 1.0 ? 'met' : 'NOT met',
				});
				const before = pct.get('old');
				if (before !== undefined)
					rows.push({
						section,
						goal: 'idle CPU, this build / the other (SOCKTOP_BENCH_OLD_CLI)',
						measured: `${mine.toFixed(2)} % vs ${before.toFixed(2)} % = ${ratio(mine / before)}`,
						verdict: 'info',
					});
				for (const row of rows.filter((row) => row.section === section))
					out(
						`  goal: ${row.goal}: ${row.measured} → ${row.verdict === 'info' ? 'info' : met(row.verdict === 'met')}`,
					);
			} finally {
				await held.close();
			}
		}
	} finally {
		killIdleTmux();
	}
	return rows;
}

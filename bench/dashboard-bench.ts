// Section "dashboard": frame render time and bytes per refresh in process, then
// the real binary's CPU in a pseudo-terminal beside `ss -tunap` once per interval.
import './no-ci.js'; // before anything that loads Ink
import {holdConnections} from './connections.js';
import {measureDashboardCpu} from './dashboard-cpu.js';
import {measureRender, printRender} from './dashboard-render.js';
import {
	describeSocketCount,
	median,
	met,
	ms,
	type Print,
	pct,
	percentile,
	ratio,
	type SummaryRow,
} from './lib.js';

const CONNECTIONS = 10_000;
const WINDOW_S = 30;
const DEFAULT_INTERVAL_MS = 2000;

export async function runDashboardBench(out: Print): Promise<SummaryRow[]> {
	const section = 'dashboard @10,000';
	const rows: SummaryRow[] = [];
	out(`## Dashboard with ${CONNECTIONS.toLocaleString('en-US')} established connections`);

	out('### Frame render time and bytes per refresh (in process)');
	const figures = await measureRender(CONNECTIONS);
	// As the CLI runs it: dist/cli.js does not set NODE_ENV, so React loads its development build.
	out(
		`  React build: ${process.env.NODE_ENV === 'production' ? 'production' : 'development'} (NODE_ENV ${process.env.NODE_ENV ?? 'unset'})`,
	);
	printRender(figures, out);
	// Control: a screen just as full with 100 connections. If the frame costs the same, its cost is
	// the screen's size (Ink draws every cell of the 120×40 frame), not the number of sockets.
	const small = await measureRender(100);
	out(
		`  control, an equally full screen from 100 connections: Ink frame render median ${ms(median(small.inkRenderMs))}, React+layout ${ms(median(small.reactMs))}, store poll ${ms(median(small.storeMs))}`,
	);
	const unchangedTotal = figures.unchangedBytes.reduce((a, b) => a + b, 0);
	const changedMax = Math.max(...figures.changedBytes);
	const renderMedian = median(figures.inkRenderMs);
	const goals: [string, string, boolean][] = [
		[
			'nothing changed → no bytes written',
			`${unchangedTotal} B over ${figures.unchangedBytes.length} refreshes`,
			unchangedTotal === 0,
		],
		[
			'one row changed → under 1 KB',
			`median ${median(figures.changedBytes)} B, max ${changedMax} B`,
			changedMax < 1024 && figures.changedBytes.every((bytes) => bytes > 0),
		],
		[
			'frame render ≤ 16 ms median (Ink onRender)',
			`median ${ms(renderMedian)} (React+layout ${ms(median(figures.reactMs))} more)`,
			renderMedian <= 16,
		],
	];
	for (const [goal, measured, ok] of goals) {
		out(`  goal: ${goal}: ${measured} → ${met(ok)}`);
		rows.push({section, goal, measured, verdict: ok ? 'met' : 'NOT met'});
	}

	out(`### CPU over ${WINDOW_S} s: the dashboard in a pseudo-terminal vs ss -tunap once per interval`);
	const held = await holdConnections(CONNECTIONS, out);
	try {
		out(`  ready in ${(held.setupMs / 1000).toFixed(1)} s; ${describeSocketCount()}`);
		const cpu = await measureDashboardCpu(
			{windowS: WINDOW_S, intervalMs: DEFAULT_INTERVAL_MS, expectConnections: CONNECTIONS},
			out,
		);
		out(`  screen at the end: ${cpu.header.map((line) => line.trim()).join(' | ')}`);
		const split = ([user, kernel]: [number, number]) =>
			`user ${user.toFixed(2)} s + kernel ${kernel.toFixed(2)} s`;
		out(
			`  dashboard: ${cpu.dashboardCpuS.toFixed(2)} s CPU (${split(cpu.dashboardSplit)}) in ${cpu.windowS.toFixed(1)} s = ${pct(cpu.dashboardPct)} of one core`,
		);
		out(
			`  ss -tunap: ${cpu.ssRuns} runs, ${cpu.ssCpuS.toFixed(2)} s CPU (${split(cpu.ssSplit)}) = ${pct(cpu.ssPct)} of one core (${((1000 * cpu.ssCpuS) / cpu.ssRuns).toFixed(0)} ms per run)`,
		);
		const polls = [...cpu.pollCpuMs].sort((a, b) => a - b);
		const cheap = percentile(polls, 25);
		const heavy = polls.filter((value) => value > 2 * cheap);
		out(
			`  dashboard CPU per burst of work (one poll, its diff and frame), ms, sorted: ${polls.map((value) => value.toFixed(0)).join(' ')}`,
		);
		out(
			`    ${heavy.length} of ${polls.length} bursts cost over twice the cheapest quartile (${cheap.toFixed(0)} ms): ` +
				`${(heavy.reduce((a, b) => a + b, 0) / 1000).toFixed(2)} s of the ${cpu.dashboardCpuS.toFixed(2)} s ` +
				'(polls that re-walk /proc/*/fd: any unseen socket inode, and every 30 s regardless)',
		);
		const churnSamples = cpu.newSockets.filter((fresh) => fresh > 0).length;
		out(
			`  other programs' socket churn during the window: ${churnSamples} of ${cpu.newSockets.length} looks (one after each ss run) found new sockets ` +
				`(${cpu.newSockets.reduce((a, b) => a + b, 0)} in all)${cpu.tcpOpens === null ? '' : `; ${cpu.tcpOpens} TCP connections opened (ActiveOpens+PassiveOpens in /proc/net/snmp)`}`,
		);
		if (cpu.tmuxServerPct !== null)
			out(`  (tmux server drawing the pane: ${pct(cpu.tmuxServerPct)}, not counted)`);
		const memory = `VmRSS ${((cpu.rssKb ?? Number.NaN) / 1024).toFixed(0)} MB, peak VmHWM ${((cpu.hwmKb ?? Number.NaN) / 1024).toFixed(0)} MB`;
		out(`  dashboard memory at the end: ${memory}`);
		const ok = cpu.dashboardPct <= cpu.ssPct;
		const measured = `${pct(cpu.dashboardPct)} vs ${pct(cpu.ssPct)} = ${ratio(cpu.dashboardPct / cpu.ssPct)}`;
		out(`  goal: dashboard CPU ≤ CPU of ss -tunap once per interval: ${measured} → ${met(ok)}`);
		rows.push({
			section,
			goal: 'dashboard CPU ≤ ss -tunap once per interval',
			measured,
			verdict: ok ? 'met' : 'NOT met',
		});
		rows.push({
			section,
			goal: 'dashboard CPU per poll vs ss per run',
			measured: `cheapest quartile ${cheap.toFixed(0)} ms vs ${((1000 * cpu.ssCpuS) / cpu.ssRuns).toFixed(0)} ms; ${heavy.length}/${polls.length} polls heavy, ${churnSamples}/${cpu.newSockets.length} saw new sockets`,
			verdict: 'info',
		});
		rows.push({section, goal: 'dashboard memory (end of CPU run)', measured: memory, verdict: 'info'});
	} finally {
		await held.close();
		out(`  connections closed; ${describeSocketCount()}`);
	}
	return rows;
}

// Section "traffic": the dashboard with per-connection rates on (its default on Linux) in a
// pseudo-terminal, at 2,000 and 10,000 held connections, beside `ss -tinHO` (the tcp_info dump
// the rates come from) run once per interval over the same window; and the same dashboard with
// rates off (SOCKTOP_RATES=off), so what the rates add can be told from the rest of a poll.
// Off and on alternate (off, on, off, on at 10,000) so a change of load on the shared machine
// falls on both; the load average is printed with each run. The dashboard's CPU includes its
// children: the ss runs it reaped and the long-lived `ss -E` (read from /proc while it runs).
// Goal: ≤ 1.0× at 10,000.
import {loadavg} from 'node:os';
import {holdConnections} from './connections.js';
import {type CpuFigures, measureDashboardCpu} from './dashboard-cpu.js';
import {
	countProcNetSockets,
	describeSocketCount,
	met,
	type Print,
	pct,
	ratio,
	type SummaryRow,
} from './lib.js';

const WINDOW_S = 16;
const INTERVAL_MS = 2000;
const REFERENCE = {file: 'ss', args: ['-tinHO']} as const;
const load = () =>
	loadavg()
		.map((value) => value.toFixed(2))
		.join(' ');

export async function runTrafficBench(out: Print): Promise<SummaryRow[]> {
	const rows: SummaryRow[] = [];
	out('## Traffic: dashboard CPU with rates on vs ss -tinHO once per interval');
	// TRAFFIC_BENCH_ONLY=10000: the goal's size alone (a loaded machine had no time for both).
	const only = Number(process.env.TRAFFIC_BENCH_ONLY) || null;
	const sizes = (
		[
			[2000, 1],
			[10_000, 2],
		] as const
	).filter(([connections]) => only === null || connections === only);
	for (const [connections, pairs] of sizes) {
		const section = `traffic @${connections.toLocaleString('en-US')}`;
		out(`### ${connections.toLocaleString('en-US')} held connections`);
		const held = await holdConnections(connections, out);
		try {
			const sockets = countProcNetSockets();
			out(`  ready in ${(held.setupMs / 1000).toFixed(1)} s; ${describeSocketCount()}`);
			const base = {
				windowS: WINDOW_S,
				intervalMs: INTERVAL_MS,
				expectConnections: connections,
				reference: REFERENCE,
			};
			const offs: CpuFigures[] = [];
			const ons: CpuFigures[] = [];
			let header: string[] = [];
			for (let pair = 0; pair < pairs; pair++) {
				out(`  rates off (SOCKTOP_RATES=off), load average ${load()}:`);
				const off = await measureDashboardCpu({...base, env: ['SOCKTOP_RATES=off']}, out);
				out(`    dashboard ${pct(off.dashboardPct)}, ss -tinHO ${pct(off.ssPct)}`);
				offs.push(off);
				out(`  rates on (the default), load average ${load()}:`);
				const on = await measureDashboardCpu(base, out);
				out(`    dashboard ${pct(on.dashboardPct)}, ss -tinHO ${pct(on.ssPct)}`);
				ons.push(on);
				header = on.header;
			}
			// The header's second line says how rates were read (every socket, or the rows on screen).
			out(`  screen at the end: ${header.map((line) => line.trim()).join(' | ')}`);
			const mode = /rates: [^|]*/.exec(header.join(' | '))?.[0]?.trim() ?? '(rate mode not on screen)';
			const mean = (list: CpuFigures[], pick: (f: CpuFigures) => number) =>
				list.reduce((sum, f) => sum + pick(f), 0) / list.length;
			const offPct = mean(offs, (f) => f.dashboardPct);
			const onPct = mean(ons, (f) => f.dashboardPct);
			const ssPct = mean([...offs, ...ons], (f) => f.ssPct);
			const ssMs = (1000 * mean(ons, (f) => f.ssCpuS)) / mean(ons, (f) => f.ssRuns);
			out(
				`  dashboard: rates off ${pct(offPct)}, rates on ${pct(onPct)} of one core; ss -tinHO ${pct(ssPct)} (${ssMs.toFixed(0)} ms per run); load average now ${load()}`,
			);
			const added = onPct - offPct;
			const extra = added / ssPct;
			const measured = `rates add ${pct(added)} vs ss ${pct(ssPct)} = ${ratio(extra)}; whole dashboard ${pct(onPct)} (${sockets.tcp} TCP sockets; ${mode}; load ${load()})`;
			const goal = connections === 10_000;
			out(
				`  ${goal ? 'goal: ' : ''}CPU the rates add ≤ ss -tinHO once per interval: ${measured}${goal ? ` → ${met(extra <= 1)}` : ''}`,
			);
			rows.push({
				section,
				goal: 'CPU rates add ≤ ss -tinHO once per interval',
				measured,
				verdict: goal ? (extra <= 1 ? 'met' : 'NOT met') : 'info',
			});
		} finally {
			await held.close();
			out(`  connections closed; ${describeSocketCount()}`);
		}
	}
	return rows;
}

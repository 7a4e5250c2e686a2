// Section "traffic": the dashboard with per-connection rates on (its default on Linux) in a
// pseudo-terminal, at 2,000 and 10,000 held connections, beside `ss -tinHO` (the tcp_info dump
// the rates come from) run once per interval over the same window. Goal: ≤ 1.0× at 10,000.
import {holdConnections} from './connections.js';
import {measureDashboardCpu} from './dashboard-cpu.js';
import {
	countProcNetSockets,
	describeSocketCount,
	met,
	type Print,
	pct,
	ratio,
	type SummaryRow,
} from './lib.js';

const WINDOW_S = 30;
const INTERVAL_MS = 2000;
const REFERENCE = {file: 'ss', args: ['-tinHO']} as const;

export async function runTrafficBench(out: Print): Promise<SummaryRow[]> {
	const rows: SummaryRow[] = [];
	out('## Traffic: dashboard CPU with rates on vs ss -tinHO once per interval');
	for (const connections of [2000, 10_000]) {
		const section = `traffic @${connections.toLocaleString('en-US')}`;
		out(`### ${connections.toLocaleString('en-US')} held connections`);
		const held = await holdConnections(connections, out);
		try {
			const sockets = countProcNetSockets();
			out(`  ready in ${(held.setupMs / 1000).toFixed(1)} s; ${describeSocketCount()}`);
			const cpu = await measureDashboardCpu(
				{windowS: WINDOW_S, intervalMs: INTERVAL_MS, expectConnections: connections, reference: REFERENCE},
				out,
			);
			// The header's second line says how rates were read (every socket, or the rows on screen).
			out(`  screen at the end: ${cpu.header.map((line) => line.trim()).join(' | ')}`);
			const mode = /rates: [^|]*/.exec(cpu.header.join(' | '))?.[0]?.trim() ?? '(rate mode not on screen)';
			out(
				`  dashboard (rates on): ${cpu.dashboardCpuS.toFixed(2)} s CPU in ${cpu.windowS.toFixed(1)} s = ${pct(cpu.dashboardPct)} of one core`,
			);
			out(
				`  ss -tinHO: ${cpu.ssRuns} runs, ${cpu.ssCpuS.toFixed(2)} s CPU = ${pct(cpu.ssPct)} of one core (${((1000 * cpu.ssCpuS) / cpu.ssRuns).toFixed(0)} ms per run)`,
			);
			const value = cpu.dashboardPct / cpu.ssPct;
			const measured = `${pct(cpu.dashboardPct)} vs ${pct(cpu.ssPct)} = ${ratio(value)} (${sockets.tcp} TCP sockets on the machine; ${mode})`;
			const goal = connections === 10_000;
			out(
				`  ${goal ? 'goal: ' : ''}dashboard CPU ≤ ss -tinHO once per interval: ${measured}${goal ? ` → ${met(value <= 1)}` : ''}`,
			);
			rows.push({
				section,
				goal: 'dashboard CPU (rates on) ≤ ss -tinHO once per interval',
				measured,
				verdict: goal ? (value <= 1 ? 'met' : 'NOT met') : 'info',
			});
		} finally {
			await held.close();
			out(`  connections closed; ${describeSocketCount()}`);
		}
	}
	return rows;
}

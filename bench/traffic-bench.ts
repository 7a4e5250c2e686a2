// Section "traffic": the dashboard with per-connection rates on (its default on Linux) in a
// pseudo-terminal, at 2,000 and 10,000 held connections, beside `ss -tinHO` (the tcp_info dump
// the rates come from) run once per interval over the same window; and the same dashboard with
// rates off (SOCKTOP_RATES=off), so what the rates add can be told from the rest of a poll.
// Goal: ≤ 1.0× at 10,000.
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
			const base = {
				windowS: WINDOW_S,
				intervalMs: INTERVAL_MS,
				expectConnections: connections,
				reference: REFERENCE,
			};
			out('  rates off (SOCKTOP_RATES=off):');
			const off = await measureDashboardCpu({...base, env: ['SOCKTOP_RATES=off']}, out);
			out('  rates on (the default):');
			const on = await measureDashboardCpu(base, out);
			// The header's second line says how rates were read (every socket, or the rows on screen).
			out(`  screen at the end: ${on.header.map((line) => line.trim()).join(' | ')}`);
			const mode = /rates: [^|]*/.exec(on.header.join(' | '))?.[0]?.trim() ?? '(rate mode not on screen)';
			const ssPct = (off.ssPct + on.ssPct) / 2;
			out(
				`  dashboard: rates off ${pct(off.dashboardPct)}, rates on ${pct(on.dashboardPct)} of one core; ss -tinHO ${pct(off.ssPct)} and ${pct(on.ssPct)} (${((1000 * on.ssCpuS) / on.ssRuns).toFixed(0)} ms per run)`,
			);
			const added = on.dashboardPct - off.dashboardPct;
			const whole = on.dashboardPct / on.ssPct;
			const extra = added / ssPct;
			const measured = `rates add ${pct(added)} vs ss ${pct(ssPct)} = ${ratio(extra)}; whole dashboard ${pct(on.dashboardPct)} = ${ratio(whole)} (${sockets.tcp} TCP sockets; ${mode})`;
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

// The detail view's traffic lines: the process's summed rates and a sparkline of the last minute.
import {LOCAL_HOST} from '../../model/socket-record.js';
import type {Row} from '../../store/snapshot.js';
import type {Rates, TrafficSnapshot} from '../../store/traffic-store.js';
import {countersRead, formatRate, hasNoCounters, rateOf} from './traffic-cells.js';

export const SPARK_UNICODE = '▁▂▃▄▅▆▇█';
export const SPARK_ASCII = '_.-=+*#@';

/** One character per sample, scaled to the highest of SAMPLES (all zero: the lowest mark). */
export function sparkline(samples: readonly number[], chars = SPARK_UNICODE): string {
	const top = Math.max(0, ...samples);
	const levels = [...chars];
	return samples
		.map((value) => {
			if (top <= 0 || value <= 0) return levels[0];
			return levels[Math.min(levels.length - 1, Math.ceil((value / top) * (levels.length - 1)))];
		})
		.join('');
}

/** Lines about PID's traffic, for ROWS (the sockets it holds). */
export function processTrafficLines(
	pid: number,
	rows: readonly Row[],
	traffic: TrafficSnapshot | undefined,
	width: number,
	chars = SPARK_UNICODE,
): string[] {
	if (traffic === undefined) return [];
	const connections = rows.filter((row) => row.record.proto === 'tcp' && row.record.remoteAddress !== null);
	if (connections.length === 0) return ['traffic: n/a (no TCP connections; UDP has no per-socket counters)'];
	// Counters are read with ss on this machine, in socktop's own namespace (traffic-cells.ts).
	if (connections.every((row) => row.record.host !== LOCAL_HOST))
		return ['traffic: n/a (another host: rates are read on this machine only)'];
	if (connections.every((row) => !countersRead(row.record, traffic)))
		return ['traffic: n/a (another network namespace: its rates are read as root only, on full reads)'];
	if (traffic.status === 'off') return [`traffic: rates off (${traffic.offReason ?? 'switched off'})`];
	if (traffic.status === 'unsupported') return ['traffic: not available (per-socket counters: Linux only)'];
	const sums = traffic.processes.get(pid);
	if (sums === undefined) return ['traffic: - (not read yet)'];
	const room = Math.max(10, width - 16);
	const history = sums.history.slice(-room);
	const spark = (pick: (rates: Rates) => number) => sparkline(history.map(pick), chars);
	return [
		`traffic: in ${formatRate(sums.rateIn)}/s  out ${formatRate(sums.rateOut)}/s  (TCP, summed over its connections)`,
		`  in,  last minute ${spark((rates) => rates.rateIn)}`,
		`  out, last minute ${spark((rates) => rates.rateOut)}`,
		...containerLines(rows, traffic),
	];
}

/** The sum over every process of the container(s) the process's sockets are labelled with. */
function containerLines(rows: readonly Row[], traffic: TrafficSnapshot): string[] {
	const names = [
		...new Set(rows.flatMap((row) => (row.record.container === null ? [] : [row.record.container]))),
	];
	return names.flatMap((name) => {
		const sums = traffic.containers.get(name);
		return sums === undefined
			? []
			: [
					`container ${name}: in ${formatRate(sums.rateIn)}/s  out ${formatRate(sums.rateOut)}/s  (all its TCP connections)`,
				];
	});
}

/** `  in 1.2M/s out 30K/s` after a TCP connection's line; nothing for listeners and UDP. */
export function socketRateSuffix(row: Row, traffic: TrafficSnapshot | undefined): string {
	const {record} = row;
	if (record.remoteAddress === null || hasNoCounters(record, traffic)) return '';
	const rx = rateOf(record, traffic, 'in');
	const tx = rateOf(record, traffic, 'out');
	if (rx === null || tx === null) return '';
	return `  in ${formatRate(rx)}/s out ${formatRate(tx)}/s`;
}

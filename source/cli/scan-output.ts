import {formatDuration} from '../model/duration.js';
import {describeUnreachable, type HostFailure, unreachableCodes} from '../scan/scan-report.js';
import type {PortResult, ScanProgress, ScanReport} from '../scan/scan-types.js';
import type {ScanTarget} from '../scan/target.js';
import type {ServiceLookup} from '../services/service-lookup.js';
import {formatColumns} from './text-table.js';

// Text for `socktop scan`: the open-port table, the summary line, JSON lines and
// the progress line. Pure: the command decides where each goes.

const round = (ms: number) => Math.round(ms * 100) / 100;

export function formatLatency(ms: number | null): string {
	if (ms === null) return '-';
	return ms < 10 ? `${ms.toFixed(2)} ms` : ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/**
 * A count with thousands separators (`1,000`), as `toLocaleString('en-US')` writes a whole
 * number, without its cost: the first call builds ICU's number formatter, 60–80 ms of CPU
 * measured on this 2-core machine under load, paid by every `scan` for its summary line.
 */
export function count(n: number): string {
	const digits = String(Math.trunc(Math.abs(n)));
	const grouped = digits.replace(/\B(?=(\d{3})+$)/g, ',');
	return n < 0 ? `-${grouped}` : grouped;
}

/** One JSON object (no newline) per port scanned; `error` is the code of an unreachable port. */
export function jsonLine(result: PortResult, services: ServiceLookup): string {
	return JSON.stringify({
		host: result.host,
		port: result.port,
		state: result.state,
		service: services(result.port, 'tcp'),
		latencyMs: result.latencyMs === null ? null : round(result.latencyMs),
		error: result.error ?? null,
	});
}

/** One JSON object for a host whose every port failed at once the same way (`port` null). */
export function hostFailureJson(failure: HostFailure): string {
	return JSON.stringify({
		host: failure.host,
		port: null,
		state: 'unreachable',
		service: null,
		latencyMs: null,
		error: failure.error,
		ports: failure.ports,
	});
}

/** `fe80::1: unreachable (EINVAL): link-local needs its interface: fe80::1%eth0 (all 100 ports, at once)` */
export function hostFailureLine(failure: HostFailure): string {
	const every = failure.ports === 1 ? 'the one port' : `all ${count(failure.ports)} ports`;
	return `${failure.host}: ${describeUnreachable(failure.host, failure.error)} (${every}, at once)`;
}

/** The open-port table, header first; empty when nothing is open. */
export async function openPortTable(
	open: readonly PortResult[],
	services: ServiceLookup,
	showHost: boolean,
): Promise<string[]> {
	if (open.length === 0) return [];
	const rows = open.map((result) => [
		...(showHost ? [result.host] : []),
		`${result.port}/tcp`,
		result.state,
		services(result.port, 'tcp') ?? '-',
		formatLatency(result.latencyMs),
	]);
	const header = [...(showHost ? ['HOST'] : []), 'PORT', 'STATE', 'SERVICE', 'LATENCY'];
	// Latency is right-aligned so the decimals line up.
	return formatColumns([header, ...rows], new Set([header.length - 1]));
}

export function describeTarget(target: ScanTarget): string {
	const {hosts, name, input} = target;
	if (hosts.length > 1) return `${count(hosts.length)} hosts (${input})`;
	return name === null ? hosts[0]! : `${name} (${hosts[0]})`;
}

function unreachableText(report: ScanReport): string {
	if (report.unreachable === 0) return '';
	const codes = unreachableCodes(report);
	const detail =
		codes.length === 1 ? codes[0]![0] : codes.map(([code, n]) => `${code} ${count(n)}`).join(', ');
	return `, ${count(report.unreachable)} unreachable (${detail})`;
}

export function summaryLine(report: ScanReport, target: ScanTarget): string {
	const scanned = report.open + report.closed + report.filtered + report.unreachable;
	const what = report.cancelled ? `${count(scanned)} of ${count(report.total)}` : count(scanned);
	const ports = (report.cancelled ? report.total : scanned) === 1 ? 'port' : 'ports';
	return (
		`${what} ${ports} scanned on ${describeTarget(target)}: ${count(report.open)} open, ` +
		`${count(report.closed)} closed, ${count(report.filtered)} filtered${unreachableText(report)}` +
		` in ${formatDuration(report.elapsedMs)}` +
		(report.cancelled ? ' (cancelled)' : '')
	);
}

export function progressLine(progress: ScanProgress, target: ScanTarget): string {
	const percent = progress.total === 0 ? 100 : Math.floor((progress.done * 100) / progress.total);
	const eta = progress.etaMs === null ? '' : `  ETA ${formatDuration(progress.etaMs)}`;
	return (
		`scanning ${describeTarget(target)}  ${count(progress.done)}/${count(progress.total)} (${percent}%)` +
		`  ${count(progress.open)} open  ${count(Math.round(progress.ratePerSecond))}/s${eta}`
	);
}

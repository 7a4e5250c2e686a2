import {compareText} from '../model/compare-text.js';
import {OPEN, type PortResult, type ScanReport, STATE_NAMES, UNREACHABLE} from './scan-types.js';

/** Every probe with a final answer, in host then port-list order. */
export function* scanResults(report: ScanReport, options: {openOnly?: boolean} = {}): Generator<PortResult> {
	const {hosts, ports, states, latencyMs, errors} = report;
	for (let index = 0; index < states.length; index++) {
		const code = states[index]!;
		const state = STATE_NAMES[code];
		if (!state || (options.openOnly && code !== OPEN)) continue;
		const hostIndex = Math.floor(index / ports.length);
		const result: PortResult = {
			host: hosts[hostIndex]!,
			port: ports[index - hostIndex * ports.length]!,
			state,
			latencyMs: code === OPEN ? (latencyMs.get(index) ?? null) : null,
		};
		yield code === UNREACHABLE ? {...result, error: errors.get(index) ?? 'EUNKNOWN'} : result;
	}
}

export function openPorts(report: ScanReport): PortResult[] {
	return [...scanResults(report, {openOnly: true})];
}

/** A host every one of whose ports failed at once with the same error. */
export interface HostFailure {
	readonly host: string;
	readonly error: string;
	/** Ports tried. */
	readonly ports: number;
}

/**
 * Hosts of a finished (not cancelled) scan that never answered on any port because
 * every connect failed with one and the same error: one error for the host reads
 * better than a line per port.
 */
export function hostFailures(report: ScanReport): HostFailure[] {
	if (report.cancelled || report.unreachable === 0 || report.ports.length === 0) return [];
	const {hosts, ports, states, errors} = report;
	const failures: HostFailure[] = [];
	for (let hostIndex = 0; hostIndex < hosts.length; hostIndex++) {
		const start = hostIndex * ports.length;
		const error = errors.get(start);
		let same = error !== undefined;
		for (let index = start; same && index < start + ports.length; index++)
			same = states[index] === UNREACHABLE && errors.get(index) === error;
		if (same) failures.push({host: hosts[hostIndex]!, error: error!, ports: ports.length});
	}
	return failures;
}

/** Unreachable probes per error code, most frequent first. */
export function unreachableCodes(report: ScanReport): [string, number][] {
	const counts = new Map<string, number>();
	for (const code of report.errors.values()) counts.set(code, (counts.get(code) ?? 0) + 1);
	return [...counts].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
}

const REASONS: Record<string, string> = {
	EHOSTUNREACH: 'no route to the host',
	ENETUNREACH: 'no route to the network',
	EHOSTDOWN: 'the host is down',
	ENETDOWN: 'the network is down',
	EADDRNOTAVAIL: 'no local address can reach it',
	EACCES: 'the route or a firewall prohibits it',
	EPERM: 'a local firewall refused the connect',
};

const isLinkLocal = (host: string) => /^fe[89ab][0-9a-f]:/i.test(host);

/** Why `host` could not be reached, in a few words, from the connect's error code; null if unknown. */
export function unreachableReason(host: string, error: string): string | null {
	if (error === 'EINVAL' && isLinkLocal(host) && !host.includes('%'))
		return `link-local needs its interface: ${host}%eth0`;
	if (error === 'EADDRNOTAVAIL' && host.includes(':') && !isLinkLocal(host))
		return 'no local IPv6 address can reach it (is IPv6 off?)';
	return REASONS[error] ?? null;
}

/** `unreachable (EINVAL): link-local needs its interface: fe80::1%eth0` */
export function describeUnreachable(host: string, error: string): string {
	const reason = unreachableReason(host, error);
	return `unreachable (${error})${reason ? `: ${reason}` : ''}`;
}

import {OPEN, type PortResult, type ScanReport, STATE_NAMES} from './scan-types.js';

/** Every probe with a final answer, in host then port-list order. */
export function* scanResults(report: ScanReport, options: {openOnly?: boolean} = {}): Generator<PortResult> {
	const {hosts, ports, states, latencyMs} = report;
	for (let index = 0; index < states.length; index++) {
		const code = states[index]!;
		const state = STATE_NAMES[code];
		if (!state || (options.openOnly && code !== OPEN)) continue;
		const hostIndex = Math.floor(index / ports.length);
		yield {
			host: hosts[hostIndex]!,
			port: ports[index - hostIndex * ports.length]!,
			state,
			latencyMs: code === OPEN ? (latencyMs.get(index) ?? null) : null,
		};
	}
}

export function openPorts(report: ScanReport): PortResult[] {
	return [...scanResults(report, {openOnly: true})];
}

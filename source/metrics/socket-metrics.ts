// What socktop exposes about sockets, as metric families (pure: records in, families out).
// Every family has a bounded number of series whatever the machine holds: the three families
// whose labels come from the data (listeners, local ports, remote addresses) keep their first
// N label sets, ranked below, and fold the rest into one `other` series per bucket;
// socktop_series_folded says how many were folded. Totals per protocol and state are exact.
import {isLoopbackAddress, isWildcardAddress} from '../model/address.js';
import {isUnattributed} from '../model/attribution.js';
import {LOCAL_HOST, type SocketRecord} from '../model/socket-record.js';
import type {Labels, MetricFamily, Sample} from './exposition.js';

export interface MetricCaps {
	/** Listening-socket series (proto, address, port, process, container, exposure). */
	readonly listeners: number;
	/** Local ports with connections (each with one series per state it has). */
	readonly localPorts: number;
	/** Remote addresses with connections. */
	readonly remoteAddresses: number;
}

/**
 * Defaults sized so a scrape stays small (at most 200 + 50 × 13 states + 20 + a few dozen
 * totals ≈ 900 series) while a normal server keeps everything: a machine rarely listens on
 * more than 200 address/port pairs.
 */
export const DEFAULT_CAPS: MetricCaps = {listeners: 200, localPorts: 50, remoteAddresses: 20};

/** The label value of a folded series: never a real address or port, so never a real series' label set. */
export const OTHER = 'other';

export type Exposure = 'all' | 'loopback' | 'address';

/** Where a listener accepts from: every interface, loopback only, or one address. */
export function exposureOf(localAddress: string): Exposure {
	const address = localAddress.split('%')[0]!;
	if (isWildcardAddress(address)) return 'all';
	if (isLoopbackAddress(address)) return 'loopback';
	return 'address';
}

/** Bound TCP listeners and UDP sockets: the dashboard's Listening pane. */
export const isListener = (record: SocketRecord): boolean =>
	record.state === 'LISTEN' || record.state === 'UNCONN' || record.state === 'BOUND';

/** Labels naming where a record lives, added only when known: host (not this machine) and container. */
function placeLabels(record: SocketRecord): [string, string][] {
	const labels: [string, string][] = [];
	if (record.host !== LOCAL_HOST) labels.push(['host', record.host]);
	if (record.container !== null) labels.push(['container', record.container]);
	return labels;
}

interface Group {
	readonly labels: Labels;
	value: number;
}

/** Counts records per label set, in first-seen order. */
function countBy(
	records: Iterable<SocketRecord>,
	labelsOf: (record: SocketRecord) => Labels,
): Map<string, Group> {
	const groups = new Map<string, Group>();
	for (const record of records) {
		const labels = labelsOf(record);
		const key = labels.map(([name, value]) => `${name}\u0000${value}`).join('\u0001');
		const group = groups.get(key);
		if (group) group.value++;
		else groups.set(key, {labels, value: 1});
	}
	return groups;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const labelText = (labels: Labels) => labels.map(([n, v]) => `${n}=${v}`).join(',');

function samplesOf(groups: Iterable<Group>): Sample[] {
	return [...groups].map(({labels, value}) => ({labels, value}));
}

function listenerFamily(
	listeners: readonly SocketRecord[],
	cap: number,
): {family: MetricFamily; folded: number} {
	const groups = [
		...countBy(listeners, (r) => [
			['proto', r.proto],
			['address', r.localAddress],
			['port', String(r.localPort)],
			['process', r.process ?? ''],
			['exposure', exposureOf(r.localAddress)],
			...placeLabels(r),
		]).values(),
	];
	// What matters most is kept: exposed listeners (all interfaces, one address) before
	// loopback ones, then by port.
	const rank = (g: Group) => (g.labels[4]![1] === 'loopback' ? 1 : 0);
	groups.sort(
		(a, b) =>
			rank(a) - rank(b) ||
			Number(a.labels[2]![1]) - Number(b.labels[2]![1]) ||
			byText(labelText(a.labels), labelText(b.labels)),
	);
	const kept = groups.slice(0, cap);
	const rest = groups.slice(cap);
	const other = new Map<string, Group>();
	for (const group of rest) {
		const proto = group.labels[0]![1];
		const exposure = group.labels[4]![1];
		const key = `${proto}|${exposure}`;
		const bucket = other.get(key);
		if (bucket) bucket.value += group.value;
		else
			other.set(key, {
				labels: [
					['proto', proto],
					['address', OTHER],
					['port', OTHER],
					['process', OTHER],
					['exposure', exposure],
				],
				value: group.value,
			});
	}
	return {
		family: {
			name: 'socktop_listening_sockets',
			type: 'gauge',
			help: 'Listening TCP sockets and bound UDP sockets per protocol, address, port, process and exposure (all: every interface, loopback, address: one address); over the cap, the rest are summed in address/port/process other.',
			samples: samplesOf([...kept, ...other.values()]),
		},
		folded: rest.length,
	};
}

function localPortFamily(
	connections: readonly SocketRecord[],
	listeningPorts: ReadonlySet<string>,
	cap: number,
): {family: MetricFamily; folded: number} {
	// Ports ranked: those something listens on (the connections a service accepted) first, then
	// by how many connections they have, then by number. A client's ephemeral ports (one
	// connection each) are what the cap folds away.
	const perPort = new Map<string, {proto: string; port: number; total: number; listening: boolean}>();
	for (const r of connections) {
		const key = `${r.proto}|${r.localPort}`;
		const entry = perPort.get(key);
		if (entry) entry.total++;
		else perPort.set(key, {proto: r.proto, port: r.localPort, total: 1, listening: listeningPorts.has(key)});
	}
	const ranked = [...perPort.entries()].sort(
		([, a], [, b]) =>
			Number(b.listening) - Number(a.listening) ||
			b.total - a.total ||
			a.port - b.port ||
			byText(a.proto, b.proto),
	);
	const kept = new Set(ranked.slice(0, cap).map(([key]) => key));
	const groups = countBy(connections, (r) => {
		const inside = kept.has(`${r.proto}|${r.localPort}`);
		return [
			['proto', r.proto],
			['port', inside ? String(r.localPort) : OTHER],
			['state', r.state],
		];
	});
	const samples = samplesOf(groups.values()).sort(
		(a, b) =>
			byText(a.labels[0]![1], b.labels[0]![1]) ||
			(Number(a.labels[1]![1]) || Number.MAX_SAFE_INTEGER) -
				(Number(b.labels[1]![1]) || Number.MAX_SAFE_INTEGER) ||
			byText(a.labels[2]![1], b.labels[2]![1]),
	);
	return {
		family: {
			name: 'socktop_connections',
			type: 'gauge',
			help: 'Sockets with a remote end (every state but listening) per protocol, local port and state; ports something listens on first, then the busiest, up to the cap; the rest in port other.',
			samples,
		},
		folded: Math.max(0, ranked.length - cap),
	};
}

function remoteFamily(
	connections: readonly SocketRecord[],
	cap: number,
): {family: MetricFamily; folded: number} {
	const withRemote = connections.filter((r) => r.remoteAddress !== null);
	const groups = [...countBy(withRemote, (r) => [['remote_address', r.remoteAddress!]]).values()];
	groups.sort((a, b) => b.value - a.value || byText(a.labels[0]![1], b.labels[0]![1]));
	const kept = groups.slice(0, cap);
	const rest = groups.slice(cap);
	const samples = samplesOf(kept);
	if (rest.length > 0)
		samples.push({labels: [['remote_address', OTHER]], value: rest.reduce((sum, g) => sum + g.value, 0)});
	return {
		family: {
			name: 'socktop_remote_connections',
			type: 'gauge',
			help: 'Connections per remote address, the busiest up to the cap; the rest summed in remote_address other.',
			samples,
		},
		folded: rest.length,
	};
}

/** Every socket family for RECORDS (the sockets open now). */
export function socketFamilies(
	records: readonly SocketRecord[],
	caps: MetricCaps = DEFAULT_CAPS,
): MetricFamily[] {
	const listeners: SocketRecord[] = [];
	const connections: SocketRecord[] = [];
	for (const record of records) (isListener(record) ? listeners : connections).push(record);
	const listeningPorts = new Set(listeners.map((r) => `${r.proto}|${r.localPort}`));

	const totals = countBy(records, (r) => [
		['proto', r.proto],
		['state', r.state],
	]);
	const listening = listenerFamily(listeners, caps.listeners);
	const ports = localPortFamily(connections, listeningPorts, caps.localPorts);
	const remotes = remoteFamily(connections, caps.remoteAddresses);
	const folded: Sample[] = [
		{labels: [['family', listening.family.name]], value: listening.folded},
		{labels: [['family', ports.family.name]], value: ports.folded},
		{labels: [['family', remotes.family.name]], value: remotes.folded},
	];
	return [
		{
			name: 'socktop_sockets',
			type: 'gauge',
			help: 'Every socket read, per protocol and state (exact, never capped).',
			samples: samplesOf(totals.values()).sort((a, b) => byText(labelText(a.labels), labelText(b.labels))),
		},
		listening.family,
		ports.family,
		remotes.family,
		{
			name: 'socktop_unattributed_sockets',
			type: 'gauge',
			help: 'Sockets some process holds whose owner could not be found (not root, or another PID namespace, a sandbox, hidepid).',
			samples: [{labels: [], value: records.filter(isUnattributed).length}],
		},
		{
			name: 'socktop_series_folded',
			type: 'gauge',
			help: 'Label sets of a capped family summed into its other series in this exposition (0: nothing was folded).',
			samples: folded,
		},
	];
}

export interface PollFigures {
	/** The last poll read the sockets (false: it failed, or none has finished yet). */
	readonly success: boolean;
	/** How long the last poll took, null before the first. */
	readonly durationMs: number | null;
	/** Polls and failed polls since start: only a long-running exporter has these. */
	readonly counters?: {readonly polls: number; readonly errors: number};
}

/** The poll's health: success, duration and, for the exporter, counters. */
export function pollFamilies(figures: PollFigures): MetricFamily[] {
	const families: MetricFamily[] = [
		{
			name: 'socktop_poll_success',
			type: 'gauge',
			help: 'Whether the last read of the sockets succeeded (1) or failed or has not finished yet (0); socket figures are from the last good read.',
			samples: [{labels: [], value: figures.success ? 1 : 0}],
		},
	];
	if (figures.durationMs !== null)
		families.push({
			name: 'socktop_poll_duration_seconds',
			type: 'gauge',
			unit: 'seconds',
			help: 'How long the last read of the sockets took.',
			// Microseconds: `0.386142`, not the float noise of `0.38614199799999993`.
			samples: [{labels: [], value: Math.round(figures.durationMs * 1000) / 1e6}],
		});
	if (figures.counters)
		families.push(
			{
				name: 'socktop_polls',
				type: 'counter',
				help: 'Reads of the sockets since the exporter started.',
				samples: [{labels: [], value: figures.counters.polls}],
			},
			{
				name: 'socktop_poll_errors',
				type: 'counter',
				help: 'Reads of the sockets that failed or timed out since the exporter started.',
				samples: [{labels: [], value: figures.counters.errors}],
			},
		);
	return families;
}

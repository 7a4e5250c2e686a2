// Per-connection traffic: counters read with the traffic source on the dashboard's interval,
// rates from the difference between two reads, sums per process and per container, listen
// queues. Kept apart from the socket store on purpose: counters change on every poll, and in
// the socket store (row-key.ts fingerprints) they would make every busy connection a `change`
// event in the `--json` stream and a new snapshot for every poll. This store publishes a new
// snapshot only when something it shows changed (a counter moved, a rate changed, a queue, the
// machine's totals), so an idle machine still re-renders nothing. See docs/traffic.md.

import {formatEndpoint} from '../model/address.js';
import {type Clock, systemClock} from '../model/clock.js';
import {errorMessage} from '../model/error-message.js';
import {LOCAL_HOST, type SocketRecord} from '../model/socket-record.js';
import type {CloseWatch} from '../sources/traffic/close-watch.js';
import type {MachineNetDev} from '../sources/traffic/netns-net-dev.js';
import type {ClosedSocket} from '../sources/traffic/parse-ss-closed.js';
import type {SsTcpSocket} from '../sources/traffic/parse-ss-tcp.js';
import {sameSegments, type TcpSegments} from '../sources/traffic/parse-tcp-snmp.js';
import type {TrafficEndpoint, TrafficReading, TrafficSource} from '../sources/traffic/traffic-source.js';
import {type MachineSample, machineTotals, sampleOf} from './machine-rates.js';
import type {PollStore} from './poll-store.js';

export interface SocketTraffic {
	readonly bytesSent: number;
	readonly bytesReceived: number;
	/** Bytes per second over the last two reads of this socket; null after the first. */
	readonly rateIn: number | null;
	readonly rateOut: number | null;
}

export interface ListenQueue {
	/** Connections completed but not yet accepted (Recv-Q of a listener, rx_queue in /proc/net/tcp). */
	readonly acceptQueue: number;
	/** The listen() backlog (Send-Q of a listener). */
	readonly backlog: number;
	/** The queue is at or over its backlog: the kernel drops or ignores the next SYNs. */
	readonly saturated: boolean;
}

export interface Rates {
	readonly rateIn: number;
	readonly rateOut: number;
}

export interface ProcessTraffic extends Rates {
	/** The last minute of this process's summed rates, oldest first, one sample per poll. */
	readonly history: readonly Rates[];
}

/** 'all': every socket read every poll; 'visible': only the rows on screen, all of them every `fullEveryMs`. */
export type TrafficMode = 'all' | 'visible';

export interface TrafficSnapshot {
	readonly version: number;
	/**
	 * 'unsupported': no per-socket counters on this platform; 'off': switched off (offReason
	 * says how); 'error': the last read failed.
	 */
	readonly status: 'unsupported' | 'off' | 'starting' | 'ok' | 'error';
	/** With status 'off': what switched the rates off (`SOCKTOP_RATES=off`). */
	readonly offReason?: string;
	readonly error: string | null;
	readonly mode: TrafficMode;
	readonly fullEveryMs: number;
	/** By socket inode. */
	readonly sockets: ReadonlyMap<number, SocketTraffic>;
	readonly listeners: ReadonlyMap<number, ListenQueue>;
	/** By pid: the sum over the sockets each holds (a shared socket counts for its first owner). */
	readonly processes: ReadonlyMap<number, ProcessTraffic>;
	readonly containers: ReadonlyMap<string, Rates>;
	/**
	 * The machine's traffic: every network namespace's interfaces but loopback, each link once
	 * (link-count.ts); null before two reads or when unknown.
	 */
	readonly machine: Rates | null;
	/** Bytes per second over every namespace's loopback; null (or absent) when unknown. */
	readonly loopback?: number | null;
	/** How many network namespaces' interfaces `machine` and `loopback` sum (1: socktop's own). */
	readonly netnsCounted?: number;
	/** The machine's TcpExt ListenOverflows since boot, and how many the last poll added. */
	readonly listenOverflows: {readonly total: number; readonly added: number} | null;
	/** Connections whose final counters came from the close events (`ss -E`) so far. */
	readonly closesCounted: number;
	/** Why close events are not read (no `ss -E`, or it keeps dying); null when fine or not tried. */
	readonly closeProblem?: string;
	/**
	 * Since when (ms since epoch) the namespace's TCP has received, sent and retransmitted no
	 * segment, so `ss` was not run and every rate is 0 (see `poll`); null when the last poll read.
	 */
	readonly idleSince?: number | null;
	/**
	 * Other network namespaces (by the id records carry) whose sockets the last full read held:
	 * their rows have counters. Absent or empty: socktop's own namespace only.
	 */
	readonly netnsRead?: ReadonlySet<number>;
}

/** A closed connection's counters as the kernel had them when it destroyed the socket. */
export interface FinalBytes {
	readonly bytesSent: number;
	readonly bytesReceived: number;
}

export interface TrafficStore {
	start(): void;
	stop(): void;
	subscribe(listener: () => void): () => void;
	getSnapshot(): TrafficSnapshot;
	/** The connections on screen (the budget mode reads only these each poll). */
	setVisible(endpoints: readonly TrafficEndpoint[]): void;
	/** A closed connection's final counters (from `ss -E`), by the record the socket table last had. */
	finalBytes(record: SocketRecord): FinalBytes | null;
}

/**
 * Up to this many sockets every counter is read each poll. `ss -tinHO` measured 29 ms (9 ms of
 * Node CPU to parse) at 2,000 sockets and 113 ms (94 ms) at 20,000 (docs/traffic.md): at 5,000
 * that is ≈ 25 ms of CPU a second, about what the socket poll itself costs there.
 */
export const FULL_READ_UP_TO = 5000;
/** Above it, every counter is read once in this many polls; the rows on screen every poll. */
export const FULL_EVERY_POLLS = 10;
const HISTORY_MS = 60_000;

export interface TrafficStoreOptions {
	/** null: no per-socket counters (the platform has none, or `off` says why not). */
	readonly source: TrafficSource | null;
	/** Why the rates are switched off (source null): `SOCKTOP_RATES=off`. Absent: the platform has none. */
	readonly off?: string;
	/** The socket table: how many sockets there are (the budget) and who owns each inode. */
	readonly sockets: PollStore;
	readonly intervalMs: number;
	readonly clock?: Clock;
	readonly fullReadUpTo?: number;
	readonly fullEveryPolls?: number;
	/** Close events with final counters (`ss -E`); null or absent: none. */
	readonly closeWatch?: CloseWatch | null;
}

/** Final counters kept for the history at most (oldest dropped first): one poll's closes. */
export const FINALS_KEPT = 20_000;

/** `host:port` as ss prints it, without an IPv6 zone (`%eth0`), so both sides compare. */
const endpointKey = (text: string) => text.replace(/%[^\]:]*/, '');

interface PendingClose extends FinalBytes {
	readonly inode: number;
	readonly pid: number | null;
	readonly container: string | null;
	readonly at: number;
}

const EMPTY = new Map();

interface Sample {
	readonly sent: number;
	readonly received: number;
	/** Moved forward in place by an idle poll (no allocation per socket per poll). */
	at: number;
}

const perSecond = (bytes: number, ms: number) => (bytes * 1000) / ms;

export function createTrafficStore(options: TrafficStoreOptions): TrafficStore {
	const {source, sockets: socketStore, intervalMs} = options;
	const clock = options.clock ?? systemClock;
	const fullUpTo = options.fullReadUpTo ?? FULL_READ_UP_TO;
	const fullEvery = options.fullEveryPolls ?? FULL_EVERY_POLLS;
	const historyLength = Math.max(2, Math.ceil(HISTORY_MS / intervalMs));
	const listeners = new Set<() => void>();
	let snapshot: TrafficSnapshot = {
		version: 0,
		status: source !== null ? 'starting' : options.off ? 'off' : 'unsupported',
		...(source === null && options.off ? {offReason: options.off} : {}),
		error: null,
		mode: 'all',
		fullEveryMs: intervalMs * fullEvery,
		sockets: EMPTY,
		listeners: EMPTY,
		processes: EMPTY,
		containers: EMPTY,
		machine: null,
		listenOverflows: null,
		closesCounted: 0,
	};
	const samples = new Map<number, Sample>();
	const histories = new Map<number, Rates[]>();
	let machineSample: MachineSample | null = null;
	let visible: readonly TrafficEndpoint[] = [];
	let pollsSinceFull = Number.POSITIVE_INFINITY;
	let lastReadAt: number | null = null;
	let timer: unknown = null;
	let controller: AbortController | null = null;
	let running = false;
	const finals = new Map<number, FinalBytes>();
	let pendingCloses: PendingClose[] = [];
	let lastReadComplete = false;
	let tupleIndex: {rows: unknown; byTuple: Map<string, SocketRecord>} | null = null;
	// The idle gate (see `poll`): the segment counters at the last poll, the socket table's rows
	// then, and the rows on screen at the last read.
	let lastProbe: {segments: TcpSegments; at: number} | null = null;
	let lastRows: unknown = null;
	let visibleRead: readonly TrafficEndpoint[] = [];

	/** The socket table's open TCP connections by `local|peer`, built again when the table changed. */
	const recordByTuple = (key: string): SocketRecord | undefined => {
		const rows = socketStore.getSnapshot().rows;
		if (tupleIndex?.rows !== rows) {
			const byTuple = new Map<string, SocketRecord>();
			for (const row of rows) {
				const r = row.record;
				if (row.status === 'closed' || r.proto !== 'tcp' || r.remoteAddress === null || r.inode === null)
					continue;
				byTuple.set(
					`${endpointKey(formatEndpoint(r.localAddress, r.localPort))}|${endpointKey(formatEndpoint(r.remoteAddress, r.remotePort))}`,
					r,
				);
			}
			tupleIndex = {rows, byTuple};
		}
		return tupleIndex.byTuple.get(key);
	};

	/**
	 * A connection closed: its final counters, joined to the socket table by its ends (ss says
	 * `ino:0` by then). One that opened and closed between two polls never was in the table:
	 * no owner to give its bytes to, so it is left out.
	 */
	const onClosed = (closed: ClosedSocket) => {
		const record = recordByTuple(`${endpointKey(closed.local)}|${endpointKey(closed.peer)}`);
		if (record?.inode == null) return;
		const bytes = {bytesSent: closed.bytesSent, bytesReceived: closed.bytesReceived};
		finals.delete(record.inode);
		finals.set(record.inode, bytes);
		if (finals.size > FINALS_KEPT) finals.delete(finals.keys().next().value as number);
		pendingCloses.push({
			...bytes,
			inode: record.inode,
			pid: record.pid,
			container: record.container,
			at: clock.now(),
		});
		// Bounded while no poll takes them (the socket table still loading).
		if (pendingCloses.length > FINALS_KEPT) pendingCloses.shift();
	};

	const publish = (next: Omit<TrafficSnapshot, 'version'>) => {
		snapshot = {...next, version: snapshot.version + 1};
		for (const listener of [...listeners]) listener();
	};

	const socketRates = (reading: TrafficReading, at: number) => {
		const next = new Map<number, SocketTraffic>(reading.complete ? undefined : snapshot.sockets);
		const queues = new Map<number, ListenQueue>();
		const seen = new Set<number>();
		for (const socket of reading.sockets) {
			if (socket.state === 'LISTEN') {
				queues.set(socket.inode, listenQueue(socket));
				continue;
			}
			if (socket.bytesSent === null || socket.bytesReceived === null) continue;
			seen.add(socket.inode);
			const before = samples.get(socket.inode);
			// A counter going backwards is another socket on a reused inode: no rate yet.
			const usable =
				before !== undefined &&
				at > before.at &&
				socket.bytesSent >= before.sent &&
				socket.bytesReceived >= before.received;
			next.set(socket.inode, {
				bytesSent: socket.bytesSent,
				bytesReceived: socket.bytesReceived,
				rateIn: usable ? perSecond(socket.bytesReceived - before.received, at - before.at) : null,
				rateOut: usable ? perSecond(socket.bytesSent - before.sent, at - before.at) : null,
			});
			samples.set(socket.inode, {sent: socket.bytesSent, received: socket.bytesReceived, at});
		}
		if (reading.complete) for (const inode of samples.keys()) if (!seen.has(inode)) samples.delete(inode);
		return {next, queues};
	};

	/** Per process and per container, from who holds each inode in the socket table now. */
	const sums = (
		traffic: ReadonlyMap<number, SocketTraffic>,
		closes: readonly {readonly close: PendingClose; readonly value: SocketTraffic | null}[],
	) => {
		const byPid = new Map<number, {rateIn: number; rateOut: number}>();
		const byContainer = new Map<string, {rateIn: number; rateOut: number}>();
		const add = <K>(map: Map<K, {rateIn: number; rateOut: number}>, key: K, value: SocketTraffic) => {
			const sum = map.get(key) ?? {rateIn: 0, rateOut: 0};
			sum.rateIn += value.rateIn ?? 0;
			sum.rateOut += value.rateOut ?? 0;
			map.set(key, sum);
		};
		for (const row of socketStore.getSnapshot().rows) {
			const {inode, pid, container} = row.record;
			// Another host's inode is not one of this machine's sockets.
			if (row.status === 'closed' || inode === null || row.record.host !== LOCAL_HOST) continue;
			const value = traffic.get(inode);
			if (value === undefined) continue;
			if (pid !== null) add(byPid, pid, value);
			if (container !== null) add(byContainer, container, value);
		}
		// Connections that closed since the last read: the bytes they moved after it, over the
		// time from it to now, so a process's sum does not drop what its last seconds carried.
		for (const {close, value} of closes) {
			if (value === null) continue;
			if (close.pid !== null) add(byPid, close.pid, value);
			if (close.container !== null) add(byContainer, close.container, value);
		}
		const processes = new Map<number, ProcessTraffic>();
		for (const [pid, rates] of byPid) {
			const history = histories.get(pid) ?? [];
			history.push({rateIn: rates.rateIn, rateOut: rates.rateOut});
			if (history.length > historyLength) history.splice(0, history.length - historyLength);
			histories.set(pid, history);
			processes.set(pid, {...rates, history: [...history]});
		}
		for (const pid of histories.keys()) if (!byPid.has(pid)) histories.delete(pid);
		return {processes, containers: byContainer as Map<string, Rates>};
	};

	/**
	 * What a closed connection adds to this poll's sums: from its last read if it had one, else
	 * (after a read of every socket) from that read, which it opened after.
	 */
	const closedRates = (close: PendingClose, at: number): SocketTraffic | null => {
		const before = samples.get(close.inode);
		samples.delete(close.inode);
		const since =
			before ?? (lastReadComplete && lastReadAt !== null ? {sent: 0, received: 0, at: lastReadAt} : null);
		if (since === null || at <= since.at) return null;
		return {
			bytesSent: close.bytesSent,
			bytesReceived: close.bytesReceived,
			rateIn: perSecond(Math.max(0, close.bytesReceived - since.received), at - since.at),
			rateOut: perSecond(Math.max(0, close.bytesSent - since.sent), at - since.at),
		};
	};

	const machineRates = (netDev: MachineNetDev | null, at: number) => {
		const kept = {
			machine: snapshot.machine,
			loopback: snapshot.loopback ?? null,
			netnsCounted: snapshot.netnsCounted,
		};
		if (netDev === null) return kept;
		const totals = machineTotals(machineSample, netDev, at);
		machineSample = sampleOf(netDev, at);
		if (totals === null) return kept;
		return {
			machine: {rateIn: totals.rateIn, rateOut: totals.rateOut},
			loopback: totals.loopback,
			netnsCounted: totals.namespaces,
		};
	};

	/**
	 * The idle gate. A socket's bytes_received moves only when TCP receives a segment (InSegs
	 * counts each one, in tcp_v4_rcv / tcp_v6_rcv, before the socket sees it) and its
	 * bytes_sent only when TCP transmits one (OutSegs counts new data and data-less segments,
	 * RetransSegs the retransmissions). So when none of the three moved since the last poll's
	 * probe, no socket of this namespace (the one `ss` reads) moved a byte in between: every rate
	 * over that interval is exactly 0, without running `ss` (a spawn per poll: most of what the
	 * rates cost an idle dashboard, docs/traffic.md). What can change without a segment: an
	 * accept() empties a listener's queue (the accepted socket gets an inode, so the socket
	 * table changes: read again then), a second listen() changes a backlog (seen at the next
	 * read), a socket opens or closes (the table changes; a close with final counters is a
	 * pending close: read). Returns true when it answered the poll.
	 */
	const idlePoll = async (rows: unknown, mode: TrafficMode): Promise<boolean> => {
		const probe = source?.probe ? await source.probe() : null;
		if (!running) return true; // stopped meanwhile: publish nothing
		const at = clock.now();
		const previous = lastProbe;
		const rowsBefore = lastRows;
		lastProbe = probe?.segments ? {segments: probe.segments, at} : null;
		lastRows = rows;
		if (
			probe === null ||
			previous === null ||
			lastProbe === null ||
			!sameSegments(previous.segments, lastProbe.segments) ||
			rowsBefore !== rows ||
			pendingCloses.length > 0 ||
			snapshot.status !== 'ok' ||
			snapshot.mode !== mode ||
			(mode === 'visible' && !sameEndpoints(visible, visibleRead))
		)
			return false;
		// Nothing moved from `previous.at` to `at`: a sample taken after `previous.at` (the last
		// read, or the last idle poll) holds the counters of `at` too.
		for (const sample of samples.values()) if (sample.at >= previous.at) sample.at = at;
		const {machine, loopback, netnsCounted} = machineRates(probe.netDev, at);
		lastReadAt = at;
		if ((snapshot.idleSince ?? null) !== null) {
			// Idle already: every rate is 0 since the first idle poll. Only the sparklines move on
			// (no walk of the socket table).
			for (const history of histories.values()) {
				history.push({rateIn: 0, rateOut: 0});
				if (history.length > historyLength) history.splice(0, history.length - historyLength);
			}
			if (
				sameRates(snapshot.machine, machine) &&
				(snapshot.loopback ?? null) === loopback &&
				snapshot.netnsCounted === netnsCounted
			)
				return true; // nothing new to publish
			// The interfaces moved (any packet on the machine, another namespace's): the header's
			// figures, on the same zero rates. Why not made again: at 10,000 connections a copy of
			// 20,000 socket rates and the sums over every row, each time, was ≈ 3 MB of garbage
			// on an idle dashboard (docs/memory.md, 2026-12-01).
			// The processes' sparklines (a handful of entries) with this poll's zero.
			const processes = new Map<number, ProcessTraffic>();
			for (const [pid, rates] of snapshot.processes)
				processes.set(pid, {...rates, history: [...(histories.get(pid) ?? rates.history)]});
			publish({
				...snapshot,
				processes,
				machine,
				loopback,
				...(netnsCounted === undefined ? {} : {netnsCounted}),
			});
			return true;
		}
		const next = new Map<number, SocketTraffic>();
		for (const [inode, value] of snapshot.sockets) next.set(inode, {...value, rateIn: 0, rateOut: 0});
		// ListenOverflows only rises when a SYN or ACK arrives: a segment.
		const before = snapshot.listenOverflows;
		const overflows = before === null ? null : {total: before.total, added: 0};
		const {processes, containers} = sums(next, []);
		// The first idle poll (rates drop to 0, the header says so), or the interfaces' rates moved.
		publish({
			...snapshot,
			sockets: next,
			processes,
			containers,
			machine,
			loopback,
			...(netnsCounted === undefined ? {} : {netnsCounted}),
			listenOverflows: overflows,
			idleSince: snapshot.idleSince ?? previous.at,
		});
		return true;
	};

	const poll = async () => {
		if (source === null) return;
		const table = socketStore.getSnapshot();
		// No socket table yet (a cold read of a big machine takes seconds): nothing to show the
		// rates on, and a full dump now would only compete with that read.
		if (table.lastGoodAt === null) return;
		const count = table.rows.length;
		const mode: TrafficMode = count <= fullUpTo ? 'all' : 'visible';
		const full = mode === 'all' || pollsSinceFull + 1 >= fullEvery;
		controller = new AbortController();
		const started = clock.now();
		try {
			if (await idlePoll(table.rows, mode)) return;
			const reading = await source.read(controller.signal, full ? 'all' : visible);
			if (!running) return;
			pollsSinceFull = full ? 0 : pollsSinceFull + 1;
			// The counters were read somewhere between start and end: the middle, or the source's
			// own time of the ss run that printed them.
			const at = reading.at ?? (started + clock.now()) / 2;
			// Before socketRates forgets the samples of sockets this read no longer found.
			const closes = pendingCloses.map((close) => ({close, value: closedRates(close, at)}));
			pendingCloses = [];
			const {next, queues} = socketRates(reading, at);
			// Timed by the interface read itself: the ss run can start late and last long under load.
			const {machine, loopback, netnsCounted} = machineRates(reading.netDev, reading.netDevAt ?? at);
			const before = snapshot.listenOverflows;
			const overflows =
				reading.listen === null
					? null
					: {
							total: reading.listen.listenOverflows,
							added: before === null ? 0 : Math.max(0, reading.listen.listenOverflows - before.total),
						};
			const {processes, containers} = sums(next, closes);
			lastReadComplete = reading.complete;
			lastReadAt = at;
			visibleRead = visible;
			// Kept from the last full read when this one read the visible rows only.
			const netnsRead = reading.complete
				? new Set(reading.netnsRead ?? [])
				: (snapshot.netnsRead ?? new Set<number>());
			const changed =
				snapshot.status !== 'ok' ||
				!sameSet(snapshot.netnsRead, netnsRead) ||
				(snapshot.idleSince ?? null) !== null ||
				snapshot.mode !== mode ||
				!sameTraffic(snapshot.sockets, next) ||
				!sameQueues(snapshot.listeners, queues) ||
				!sameRates(snapshot.machine, machine) ||
				(snapshot.loopback ?? null) !== loopback ||
				snapshot.netnsCounted !== netnsCounted ||
				closes.length > 0 ||
				before?.total !== overflows?.total ||
				before?.added !== overflows?.added;
			if (!changed) return;
			publish({
				...snapshot,
				status: 'ok',
				error: null,
				mode,
				sockets: next,
				listeners: queues,
				processes,
				containers,
				machine,
				loopback,
				...(netnsCounted === undefined ? {} : {netnsCounted}),
				listenOverflows: overflows,
				closesCounted: snapshot.closesCounted + closes.length,
				idleSince: null,
				netnsRead,
			});
		} catch (error) {
			if (!running) return;
			const message = errorMessage(error);
			if (snapshot.status === 'error' && snapshot.error === message) return;
			publish({...snapshot, status: 'error', error: message});
		} finally {
			controller = null;
		}
	};

	const loop = async () => {
		timer = null;
		const started = clock.now();
		await poll();
		if (running) timer = clock.setTimeout(loop, Math.max(0, intervalMs - (clock.now() - started)));
	};

	return {
		start() {
			if (running || source === null) return;
			running = true;
			options.closeWatch?.start(onClosed, (message) => {
				if (running) publish({...snapshot, closeProblem: message});
			});
			void loop();
		},
		stop() {
			running = false;
			if (timer !== null) clock.clearTimeout(timer);
			timer = null;
			controller?.abort();
			options.closeWatch?.stop();
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		getSnapshot: () => snapshot,
		setVisible(endpoints) {
			visible = endpoints;
		},
		finalBytes: (record) =>
			record.inode === null || record.host !== LOCAL_HOST ? null : (finals.get(record.inode) ?? null),
	};
}

/**
 * Saturated when the accept queue has reached the backlog. The kernel refuses a connection once
 * the queue is over it (`sk_acceptq_is_full`: queue > backlog), so at the backlog the next one
 * is already at risk; a backlog-1 listener with four waiting clients showed Recv-Q 2, Send-Q 1.
 */
export function listenQueue(socket: SsTcpSocket): ListenQueue {
	const acceptQueue = socket.recvQ;
	const backlog = socket.sendQ;
	return {acceptQueue, backlog, saturated: acceptQueue > 0 && acceptQueue >= backlog};
}

function sameTraffic(a: ReadonlyMap<number, SocketTraffic>, b: ReadonlyMap<number, SocketTraffic>): boolean {
	if (a.size !== b.size) return false;
	for (const [inode, x] of b) {
		const y = a.get(inode);
		if (
			y === undefined ||
			x.bytesSent !== y.bytesSent ||
			x.bytesReceived !== y.bytesReceived ||
			x.rateIn !== y.rateIn ||
			x.rateOut !== y.rateOut
		)
			return false;
	}
	return true;
}

function sameQueues(a: ReadonlyMap<number, ListenQueue>, b: ReadonlyMap<number, ListenQueue>): boolean {
	if (a.size !== b.size) return false;
	for (const [inode, x] of b) {
		const y = a.get(inode);
		if (y === undefined || x.acceptQueue !== y.acceptQueue || x.backlog !== y.backlog) return false;
	}
	return true;
}

function sameEndpoints(a: readonly TrafficEndpoint[], b: readonly TrafficEndpoint[]): boolean {
	if (a === b) return true;
	if (a.length !== b.length) return false;
	return a.every((x, i) => x.localPort === b[i]!.localPort && x.remotePort === b[i]!.remotePort);
}

const sameSet = (a: ReadonlySet<number> | undefined, b: ReadonlySet<number>) =>
	(a?.size ?? 0) === b.size && [...b].every((key) => a?.has(key));

const sameRates = (a: Rates | null, b: Rates | null) =>
	a === b || (a !== null && b !== null && a.rateIn === b.rateIn && a.rateOut === b.rateOut);

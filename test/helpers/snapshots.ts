// Rows and snapshots for tests that feed the UI's models without a store.
import type {SocketRecord} from '../../source/model/socket-record.js';
import type {Row, Snapshot} from '../../source/store/snapshot.js';
import type {TrafficSnapshot} from '../../source/store/traffic-store.js';

/** An open row keyed by the record's addresses, unless `fields` says otherwise. */
export const rowOf = (record: SocketRecord, fields: Partial<Omit<Row, 'record'>> = {}): Row => ({
	key: `${record.proto}|${record.localAddress}|${record.localPort}|${record.remoteAddress}|${record.remotePort}`,
	record,
	firstSeen: 0,
	seenAtStart: false,
	status: 'open',
	since: 0,
	...fields,
});

/** A settled snapshot of a good poll holding `rows`, with `fields` over it. */
export const snapshotOf = (rows: readonly Row[], fields: Partial<Snapshot> = {}): Snapshot => ({
	version: 1,
	source: 'procfs',
	rows,
	added: [],
	removed: [],
	changed: [],
	updatedAt: 0,
	lastGoodAt: 0,
	error: null,
	stale: false,
	loading: false,
	waitingMs: null,
	unattributed: 0,
	unattributedCause: null,
	skippedLines: 0,
	warnings: [],
	...fields,
});

/** A traffic snapshot of a good read with nothing measured yet, with `fields` over it. */
export const trafficSnapshotOf = (fields: Partial<TrafficSnapshot> = {}): TrafficSnapshot => ({
	version: 1,
	status: 'ok',
	error: null,
	mode: 'all',
	fullEveryMs: 20_000,
	sockets: new Map(),
	listeners: new Map(),
	processes: new Map(),
	containers: new Map(),
	machine: null,
	listenOverflows: null,
	closesCounted: 0,
	...fields,
});

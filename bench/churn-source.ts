// A churning socket source for the soak section, kept free of Ink and React so a worker
// thread can build it (createChurnSource, through the store's worker feed).
import {makeRecord, type SocketRecord, type SourceResult} from '../source/model/socket-record.js';
import type {SocketSource} from '../source/sources/source.js';

/** Deterministic PRNG (mulberry32), so every run churns the same sockets. */
export function prng(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export interface ChurnOptions {
	/** Connections (not listeners) alive at any time. */
	readonly connections: number;
	readonly listeners: number;
	/** Connections closed, and as many new ones opened, on every read. */
	readonly churn: number;
	/** Connections flipped between ESTABLISHED and CLOSE_WAIT on every read. */
	readonly stateChanges: number;
	/** Share of connections in TIME_WAIT (another state, for the "other" count and the `o` toggle). */
	readonly timeWaitShare?: number;
	readonly seed?: number;
}

const PROCESSES = ['nginx', 'postgres', 'node', 'java', 'envoy', 'redis-server', 'python3', 'sshd'];

/**
 * A source like a busy server's: every read returns fresh record objects (as a real
 * source does), after closing `churn` random connections, opening as many new ones
 * (never seen before: ids only grow) and flipping the state of a few others.
 */
export class ChurnSource implements SocketSource {
	readonly name = 'procfs' as const;
	reads = 0;
	private readonly options: ChurnOptions;
	private readonly random: () => number;
	private readonly alive: number[] = [];
	private readonly closeWait = new Set<number>();
	private nextId = 0;

	constructor(options: ChurnOptions) {
		this.options = options;
		this.random = prng(options.seed ?? 42);
		for (let i = 0; i < options.connections; i++) this.alive.push(this.nextId++);
	}

	private connection(id: number): SocketRecord {
		const owner = id % 97;
		const timeWait = this.options.timeWaitShare && id % Math.round(1 / this.options.timeWaitShare) === 0;
		return makeRecord({
			proto: 'tcp',
			family: 4,
			// Unique for ids below 2^24: 10.x.y.z, one address per connection.
			localAddress: `10.${(id >>> 16) & 255}.${(id >>> 8) & 255}.${id & 255}`,
			localPort: 1024 + (id % 60_000),
			remoteAddress: `192.168.${(id >>> 8) & 255}.${id & 255}`,
			remotePort: 443 + (id % 7),
			state: timeWait ? 'TIME_WAIT' : this.closeWait.has(id) ? 'CLOSE_WAIT' : 'ESTABLISHED',
			owners: timeWait ? [] : [{pid: 2000 + owner, process: PROCESSES[owner % PROCESSES.length]!}],
			uid: 1000,
			user: 'app',
			inode: 1_000_000 + id,
		});
	}

	private listener(index: number): SocketRecord {
		return makeRecord({
			proto: index % 5 === 4 ? 'udp' : 'tcp',
			family: index % 3 === 2 ? 6 : 4,
			localAddress: index % 3 === 2 ? '::' : index % 2 === 0 ? '0.0.0.0' : '127.0.0.1',
			localPort: 2000 + index,
			remoteAddress: null,
			remotePort: null,
			state: index % 5 === 4 ? 'UNCONN' : 'LISTEN',
			owners: [{pid: 2000 + (index % 97), process: PROCESSES[index % PROCESSES.length]!}],
			uid: 0,
			user: 'root',
			inode: 500_000 + index,
		});
	}

	/** Closes, opens and flips sockets: what changed between the last read and the next. */
	churnOnce(): void {
		const {churn, stateChanges} = this.options;
		for (let i = 0; i < churn && this.alive.length > 0; i++) {
			const at = Math.floor(this.random() * this.alive.length);
			const id = this.alive[at]!;
			this.alive[at] = this.alive[this.alive.length - 1]!;
			this.alive.pop();
			this.closeWait.delete(id);
			this.alive.push(this.nextId++);
		}
		for (let i = 0; i < stateChanges; i++) {
			const id = this.alive[Math.floor(this.random() * this.alive.length)]!;
			if (!this.closeWait.delete(id)) this.closeWait.add(id);
		}
	}

	records(): SocketRecord[] {
		const records: SocketRecord[] = [];
		for (let i = 0; i < this.options.listeners; i++) records.push(this.listener(i));
		for (const id of this.alive) records.push(this.connection(id));
		return records;
	}

	async read(): Promise<SourceResult> {
		if (this.reads++ > 0) this.churnOnce();
		return {records: this.records(), unattributed: 0, skippedLines: 0, warnings: []};
	}
}

/** For the store's worker feed (FeedSpec kind 'module'): the same source, built on the worker. */
export function createChurnSource(options: ChurnOptions): SocketSource {
	return new ChurnSource(options);
}

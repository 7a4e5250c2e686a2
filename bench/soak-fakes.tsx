// Fakes shared by the soak section: a churning socket source, simulated time,
// a fake terminal that timestamps every write, and the real <App> mounted on them.
import './no-ci.js'; // before Ink: in CI mode Ink writes nothing
import {EventEmitter} from 'node:events';
import {performance} from 'node:perf_hooks';
import {render} from 'ink';
import {makeRecord, type SocketRecord, type SourceResult} from '../source/model/socket-record.js';
import {createReverseDns} from '../source/os/reverse-dns.js';
import {createScanSession} from '../source/scan/scan-session.js';
import {createServiceLookup} from '../source/services/service-lookup.js';
import type {SocketSource} from '../source/sources/source.js';
import type {Clock} from '../source/store/clock.js';
import type {PollStore} from '../source/store/poll-store.js';
import {App} from '../source/ui/app.js';
import {type DashboardConfig, type DashboardDeps, DepsContext} from '../source/ui/deps.js';
import {themeFor} from '../source/ui/theme.js';

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

/** Simulated time shared by the store's clock and the UI's clock. */
export class SimTime {
	now = 1_700_000_000_000;
}

/** The store's clock: simulated time, no timers (the bench polls by hand with refresh()). */
export function handClock(time: SimTime): Clock {
	return {now: () => time.now, setTimeout: () => null, clearTimeout: () => {}};
}

/** The UI's clock: simulated time whose timers (the age ticker) fire when the bench advances it. */
export class TimerClock implements Clock {
	private readonly time: SimTime;
	private readonly timers = new Map<number, {at: number; callback: () => void}>();
	private nextId = 1;
	constructor(time: SimTime) {
		this.time = time;
	}
	now = () => this.time.now;
	setTimeout = (callback: () => void, ms: number): unknown => {
		const id = this.nextId++;
		this.timers.set(id, {at: this.time.now + Math.max(0, ms), callback});
		return id;
	};
	clearTimeout = (handle: unknown): void => {
		this.timers.delete(handle as number);
	};
	get pending() {
		return this.timers.size;
	}
	/** Moves time forward and fires the timers that fall due, in order. */
	advance(ms: number): void {
		const end = this.time.now + ms;
		for (;;) {
			let nextId = -1;
			let nextAt = Number.POSITIVE_INFINITY;
			for (const [id, timer] of this.timers)
				if (timer.at < nextAt || (timer.at === nextAt && id < nextId)) {
					nextId = id;
					nextAt = timer.at;
				}
			if (nextId < 0 || nextAt > end) break;
			const timer = this.timers.get(nextId)!;
			this.timers.delete(nextId);
			this.time.now = timer.at;
			timer.callback();
		}
		this.time.now = end;
	}
}

export interface Write {
	readonly at: number;
	readonly chunk: string;
}

/** A 120×40 terminal's output side that timestamps (and, when asked, keeps) every write. */
export class RecordingStdout extends EventEmitter {
	readonly columns: number;
	readonly rows: number;
	readonly isTTY = true;
	bytes = 0;
	writes = 0;
	/** When true, every write is kept in `log` (the latency bench replays them); the soak keeps nothing. */
	keep = false;
	log: Write[] = [];
	/** The start of everything written, to spot Ink's error screen. */
	head = '';
	constructor(columns: number, rows: number) {
		super();
		this.columns = columns;
		this.rows = rows;
	}
	write = (chunk: string | Uint8Array) => {
		const text = String(chunk);
		this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
		this.writes++;
		if (this.keep) this.log.push({at: performance.now(), chunk: text});
		if (this.head.length < 4096) this.head += text;
		return true;
	};
}

/** A raw-mode terminal's input side, as Ink reads it. */
export class KeyStdin extends EventEmitter {
	readonly isTTY = true;
	private data: string | null = null;
	press = (data: string) => {
		this.data = data;
		this.emit('readable');
	};
	read = () => {
		const {data} = this;
		this.data = null;
		return data;
	};
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
}

export interface MountedApp {
	readonly stdout: RecordingStdout;
	readonly stdin: KeyStdin;
	/** Ink frames rendered (onRender calls) and the time of the last. */
	readonly frames: () => number;
	/** Throws when Ink drew its error screen instead of the dashboard. */
	checkNoCrash(): void;
	unmount(): void;
}

/** The real <App> as run-dashboard.tsx mounts it, on fake OS access and a fake terminal. */
export function mountApp(options: {
	store: PollStore;
	clock: Clock;
	columns: number;
	rows: number;
	maxFps: number;
	intervalMs: number;
	/** Called after every Ink frame render (before its write). */
	onFrame?: () => void;
}): MountedApp {
	const stdout = new RecordingStdout(options.columns, options.rows);
	const stdin = new KeyStdin();
	const reverseDns = createReverseDns({
		clock: options.clock,
		reverse: () => Promise.reject(new Error('no dns')),
	});
	const scanner = createScanSession({
		connect: async () => ({connect: async () => 'closed'}),
		concurrency: async () => 1,
	});
	const deps: DashboardDeps = {
		scanner,
		store: options.store,
		killer: {signal: () => 'gone', isAlive: () => false},
		processInfo: async () => null,
		reverseDns,
		serviceName: createServiceLookup(),
		clock: options.clock,
		bell: () => {},
	};
	const config: DashboardConfig = {
		hostname: 'bighost',
		sourceName: 'procfs',
		intervalMs: options.intervalMs,
		readOnly: false,
		isRoot: true,
		bell: false,
		initialFilter: '',
		theme: themeFor(true),
	};
	let frames = 0;
	const instance = render(
		<DepsContext.Provider value={deps}>
			<App config={config} />
		</DepsContext.Provider>,
		{
			stdout: stdout as unknown as NodeJS.WriteStream,
			stdin: stdin as unknown as NodeJS.ReadStream,
			debug: false,
			incrementalRendering: true,
			exitOnCtrlC: false,
			patchConsole: false,
			maxFps: options.maxFps,
			onRender: () => {
				frames++;
				options.onFrame?.();
			},
		},
	);
	return {
		stdout,
		stdin,
		frames: () => frames,
		checkNoCrash() {
			const crash = /ERROR\s+(.*)/.exec(stdout.head.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''));
			if (crash) throw new Error(`the dashboard crashed while rendering: ${crash[1]?.trim()}`);
		},
		unmount() {
			instance.unmount();
			reverseDns.stop();
			scanner.cancel();
		},
	};
}

// Fakes shared by the soak section (the churning source is in churn-source.ts): simulated time,
// a fake terminal that timestamps every write, and the real <App> mounted on them.
import './no-ci.js'; // before Ink: in CI mode Ink writes nothing
import {EventEmitter} from 'node:events';
import {performance} from 'node:perf_hooks';
import {render} from 'ink';
import {createReverseDns} from '../source/os/reverse-dns.js';
import {createScanSession} from '../source/scan/scan-session.js';
import {createServiceLookup} from '../source/services/service-lookup.js';
import type {Clock} from '../source/store/clock.js';
import type {PollStore} from '../source/store/poll-store.js';
import {App} from '../source/ui/app.js';
import {type DashboardConfig, type DashboardDeps, DepsContext} from '../source/ui/deps.js';
import {themeFor} from '../source/ui/theme.js';

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

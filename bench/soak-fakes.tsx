// Fakes shared by the soak section (the churning source is in churn-source.ts): simulated time,
// a fake terminal that timestamps every write, and the real <App> mounted on them.
import {createEventTimeline} from '../source/store/event-timeline.js';
import './no-ci.js'; // before Ink: in CI mode Ink writes nothing
import type {Clock} from '../source/model/clock.js';
import {createReverseDns} from '../source/os/reverse-dns.js';
import {createScanSession} from '../source/scan/scan-session.js';
import {createServiceLookup} from '../source/services/service-lookup.js';
import type {PollStore} from '../source/store/poll-store.js';
import type {DashboardConfig, DashboardDeps} from '../source/ui/deps.js';
import {mountDashboard} from '../source/ui/mount-dashboard.js';
import {themeFor} from '../source/ui/theme.js';
import {FakeStdin, FakeStdout, type Write} from '../test/helpers/fake-terminal.js';

export type {Write};

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

export interface MountedApp {
	readonly stdout: FakeStdout;
	readonly stdin: FakeStdin;
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
	const stdout = new FakeStdout(options.columns, options.rows);
	const stdin = new FakeStdin();
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
		suspend: () => true,
		history: createEventTimeline(),
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
	const {instance} = mountDashboard({
		deps,
		config,
		stdout: stdout.asStream(),
		stdin: stdin.asStream(),
		maxFps: options.maxFps,
		onRender: () => {
			frames++;
			options.onFrame?.();
		},
	});
	return {
		stdout,
		stdin,
		frames: () => frames,
		checkNoCrash() {
			const crash = stdout.crash();
			if (crash !== null) throw new Error(`the dashboard crashed while rendering: ${crash}`);
		},
		unmount() {
			instance.unmount();
			reverseDns.stop();
			scanner.cancel();
		},
	};
}

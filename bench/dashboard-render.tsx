// Dashboard, in process: the real <App> rendered by Ink (incremental rendering,
// not debug, the default 30 fps throttle) into a fake 120×40 terminal that counts
// bytes, fed by a fake source of 10,000 established connections and a few
// listeners. Refreshes are driven by hand with store.refresh().
import {createEventTimeline} from '../source/store/event-timeline.js';
import './no-ci.js'; // before Ink: in CI mode Ink writes nothing
import {performance} from 'node:perf_hooks';
import type {Clock} from '../source/model/clock.js';
import {
	makeRecord,
	type SocketRecord,
	type SocketState,
	type SourceResult,
} from '../source/model/socket-record.js';
import {createReverseDns} from '../source/os/reverse-dns.js';
import {createScanSession} from '../source/scan/scan-session.js';
import {createServiceLookup} from '../source/services/service-lookup.js';
import type {SocketSource} from '../source/sources/source.js';
import {createPollStore} from '../source/store/poll-store.js';
import type {DashboardConfig, DashboardDeps} from '../source/ui/deps.js';
import {mountDashboard} from '../source/ui/mount-dashboard.js';
import {themeFor} from '../source/ui/theme.js';
import {FakeStdin, FakeStdout} from '../test/helpers/fake-terminal.js';
import {median, ms, type Print, sleep, spread} from './lib.js';

const COLUMNS = 120;
const ROWS = 40;
const REFRESHES = 40;
/** Longer than Ink's 30 fps throttle (34 ms), so its trailing write has happened. */
const SETTLE_MS = 80;

/** Time without timers: nothing polls or ticks unless the bench asks. */
const handClock: Clock = {
	now: () => Date.now(),
	setTimeout: () => null,
	clearTimeout: () => {},
};

const OWNER_PID = 4242;

/** Fresh objects every poll, as a real source returns. `changed` gets CLOSE_WAIT instead of ESTABLISHED. */
function buildRecords(connections: number, changed: ReadonlySet<number>): SocketRecord[] {
	const records: SocketRecord[] = [
		makeRecord({
			proto: 'tcp',
			family: 4,
			localAddress: '127.0.0.1',
			localPort: 9000,
			remoteAddress: null,
			remotePort: null,
			state: 'LISTEN',
			owners: [{pid: 4241, process: 'node'}],
			uid: 0,
			user: 'root',
			inode: 90_000,
		}),
		makeRecord({
			proto: 'tcp',
			family: 4,
			localAddress: '0.0.0.0',
			localPort: 22,
			remoteAddress: null,
			remotePort: null,
			state: 'LISTEN',
			owners: [{pid: 310, process: 'sshd'}],
			uid: 0,
			user: 'root',
			inode: 90_001,
		}),
		makeRecord({
			proto: 'tcp',
			family: 6,
			localAddress: '::',
			localPort: 80,
			remoteAddress: null,
			remotePort: null,
			state: 'LISTEN',
			owners: [{pid: 512, process: 'nginx'}],
			uid: 33,
			user: 'www-data',
			inode: 90_002,
		}),
		makeRecord({
			proto: 'udp',
			family: 4,
			localAddress: '0.0.0.0',
			localPort: 53,
			remoteAddress: null,
			remotePort: null,
			state: 'UNCONN',
			owners: [{pid: 205, process: 'dnsmasq'}],
			uid: 0,
			user: 'root',
			inode: 90_003,
		}),
	];
	for (let i = 0; i < connections; i++) {
		const state: SocketState = changed.has(i) ? 'CLOSE_WAIT' : 'ESTABLISHED';
		records.push(
			makeRecord({
				proto: 'tcp',
				family: 4,
				localAddress: '127.0.0.1',
				localPort: 40_000 + i,
				remoteAddress: '127.0.0.1',
				remotePort: 9000,
				state,
				owners: [{pid: OWNER_PID, process: 'node'}],
				uid: 0,
				user: 'root',
				inode: 100_000 + i,
			}),
		);
	}
	return records;
}

export interface RenderFigures {
	readonly connections: number;
	readonly firstFrameBytes: number;
	readonly firstRenderMs: number;
	readonly unchangedBytes: number[];
	readonly unchangedRenders: number;
	readonly changedBytes: number[];
	readonly offscreenBytes: number[];
	readonly inkRenderMs: number[];
	readonly reactMs: number[];
	readonly storeMs: number[];
	readonly totalMs: number[];
	readonly changedRowSeen: boolean;
}

export async function measureRender(connections: number): Promise<RenderFigures> {
	const stdout = new FakeStdout(COLUMNS, ROWS, {keepRecent: true});
	const stdin = new FakeStdin();
	let changed = new Set<number>();
	const source: SocketSource = {
		name: 'procfs',
		async read(): Promise<SourceResult> {
			return {records: buildRecords(connections, changed), unattributed: 0, skippedLines: 0, warnings: []};
		},
	};
	const store = createPollStore({source, intervalMs: 2000, clock: handClock});
	const reverseDns = createReverseDns({clock: handClock, reverse: () => Promise.reject(new Error('no dns'))});
	const scanner = createScanSession({
		connect: async () => ({connect: async () => 'closed'}),
		concurrency: async () => 1,
	});
	const deps: DashboardDeps = {
		scanner,
		store,
		killer: {signal: () => 'gone', isAlive: () => false},
		processInfo: async () => null,
		reverseDns,
		serviceName: createServiceLookup(),
		clock: handClock,
		bell: () => {},
		suspend: () => true,
		history: createEventTimeline(),
	};
	const config: DashboardConfig = {
		hostname: 'benchhost',
		sourceName: 'procfs',
		intervalMs: 2000,
		readOnly: false,
		isRoot: true,
		bell: false,
		initialFilter: '',
		theme: themeFor(true),
	};

	// Timestamps: refresh called → store publishes (our listener runs first) → Ink's frame render done.
	let publishedAt = 0;
	const renders: {at: number; renderTime: number}[] = [];
	store.subscribe(() => {
		publishedAt = performance.now();
	});
	store.start();
	const {instance} = mountDashboard({
		deps,
		config,
		stdout: stdout.asStream(),
		stdin: stdin.asStream(),
		maxFps: 30,
		onRender: ({renderTime}) => renders.push({at: performance.now(), renderTime}),
	});

	try {
		// The first poll is in flight from start(); wait until its frame is written and things are quiet.
		await store.refresh();
		for (let i = 0; i < 100 && stdout.bytes === 0; i++) await sleep(20);
		await sleep(300);
		const firstFrameBytes = stdout.bytes;
		const firstRenderMs = Math.max(0, ...renders.map((r) => r.renderTime));
		if (firstFrameBytes === 0) throw new Error('Ink wrote nothing: is CI set in its environment?');
		const crash = stdout.crash();
		if (crash !== null) throw new Error(`the dashboard crashed while rendering: ${crash}`);

		const refreshOnce = async () => {
			const bytesBefore = stdout.bytes;
			const rendersBefore = renders.length;
			publishedAt = 0;
			stdout.recent = '';
			const started = performance.now();
			await store.refresh();
			await sleep(SETTLE_MS);
			const mine = renders.slice(rendersBefore);
			return {bytes: stdout.bytes - bytesBefore, started, renders: mine, written: stdout.recent};
		};

		// (a) identical data: new objects, same content.
		const unchangedBytes: number[] = [];
		let unchangedRenders = 0;
		for (let i = 0; i < REFRESHES; i++) {
			const result = await refreshOnce();
			unchangedBytes.push(result.bytes);
			unchangedRenders += result.renders.length;
		}

		// (b) one visible row changes state on every refresh (the first row of the Connections pane:
		// all rows are the same age, so they sort by key, and port 40000 comes first).
		const changedBytes: number[] = [];
		const inkRenderMs: number[] = [];
		const reactMs: number[] = [];
		const storeMs: number[] = [];
		const totalMs: number[] = [];
		let changedRowSeen = false;
		for (let i = 0; i < REFRESHES; i++) {
			changed = i % 2 === 0 ? new Set([0]) : new Set();
			const result = await refreshOnce();
			changedBytes.push(result.bytes);
			if (i % 2 === 0 && result.written.includes('CLOSE_WAIT')) changedRowSeen = true;
			const frame = result.renders[0];
			if (frame && publishedAt > 0) {
				inkRenderMs.push(frame.renderTime);
				storeMs.push(publishedAt - result.started);
				reactMs.push(frame.at - frame.renderTime - publishedAt);
				totalMs.push(frame.at - result.started);
			}
		}

		// (c) one row off screen changes: only the header's counts and time move.
		const offscreenBytes: number[] = [];
		for (let i = 0; i < 10; i++) {
			changed = i % 2 === 0 ? new Set([connections - 1]) : new Set();
			offscreenBytes.push((await refreshOnce()).bytes);
		}
		return {
			connections,
			firstFrameBytes,
			firstRenderMs,
			unchangedBytes,
			unchangedRenders,
			changedBytes,
			offscreenBytes,
			inkRenderMs,
			reactMs,
			storeMs,
			totalMs,
			changedRowSeen,
		};
	} finally {
		instance.unmount();
		store.stop();
		reverseDns.stop();
		scanner.cancel();
	}
}

export function printRender(figures: RenderFigures, out: Print): void {
	const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
	const bytes = (values: number[]) =>
		`median ${median(values)} B, max ${Math.max(...values)} B, total ${sum(values)} B over ${values.length} refreshes`;
	out(
		`  fake source: ${figures.connections.toLocaleString('en-US')} ESTABLISHED + 4 listeners; Ink 6.8 render(), ${COLUMNS}×${ROWS} fake TTY, incrementalRendering: true, debug: false, maxFps 30`,
	);
	out(`  first full frame: ${figures.firstFrameBytes} B, Ink render ${ms(figures.firstRenderMs)}`);
	out(
		`  (a) nothing changed:  ${bytes(figures.unchangedBytes)}; ${figures.unchangedRenders} frames rendered`,
	);
	out(
		`  (b) one row changed:  ${bytes(figures.changedBytes)}${figures.changedRowSeen ? '' : '  (warning: CLOSE_WAIT never seen in the output)'}`,
	);
	out(`  (c) one off-screen row changed: ${bytes(figures.offscreenBytes)}`);
	out(`  per refresh in (b), ${figures.inkRenderMs.length} frames:`);
	out(`    Ink frame render (onRender renderTime):        ${spread(figures.inkRenderMs)}`);
	out(`    React render + commit + Yoga layout:           ${spread(figures.reactMs)}`);
	out(`    store poll (fake source + diff of all rows):   ${spread(figures.storeMs)}`);
	out(`    refresh() called → frame rendered (all three): ${spread(figures.totalMs)}`);
}

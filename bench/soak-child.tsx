// One part of the soak section, run in its own process by soak-bench.ts:
//   node --expose-gc --import tsx --import ./scripts/ink-patch-register.mjs bench/soak-child.tsx store|dashboard|big [--profile] [--in-thread] [--refreshes N]
// (NODE_ENV=production, as the CLI sets it). Prints its figures as lines, and its
// summary rows as `@@row <json>` lines for the parent.
import './no-ci.js'; // before Ink: in CI mode Ink writes nothing
import {Session} from 'node:inspector/promises';
import {join} from 'node:path';
import {monitorEventLoopDelay, performance} from 'node:perf_hooks';
import {writeHeapSnapshot} from 'node:v8';
import {systemClock} from '../source/model/clock.js';
import {type DeltaFeed, inThreadFeed} from '../source/store/delta-feed.js';
import {createPollStore} from '../source/store/poll-store.js';
import {createWorkerFeed} from '../source/store/worker-feed.js';
import {HeadlessTerminal} from '../test/helpers/headless-terminal.js';
import {ChurnSource} from './churn-source.js';
import {median, met, ms, percentile, print, readStatusKb, type SummaryRow, sleep} from './lib.js';
import {handClock, mountApp, SimTime, TimerClock, type Write} from './soak-fakes.js';
import {type CacheSize, inkTextCaches} from './soak-heap.js';
import {
	type CpuProfile,
	describeTop,
	nameAnonymousFunctions,
	type PressWindow,
	summariseWindows,
} from './soak-profile.js';

const COLUMNS = 120;
const ROWS = 40;
const INTERVAL_MS = 2000;
const MB = 1024 * 1024;

/** Growth allowed over a soak, after GC; soak-bench.ts prints why these numbers. */
const HEAP_LIMIT_MB = 1;
const RSS_LIMIT_MB = 16;

function row(section: string, goal: string, measured: string, verdict: SummaryRow['verdict']): void {
	process.stdout.write(`@@row ${JSON.stringify({section, goal, measured, verdict} satisfies SummaryRow)}\n`);
}

interface Memory {
	readonly heapUsed: number;
	readonly rss: number;
}

/** Heap and RSS after full collections (needs --expose-gc). */
async function settledMemory(): Promise<Memory> {
	const gc = globalThis.gc;
	if (!gc) throw new Error('run with node --expose-gc');
	// A timer turn first: what the caller just dropped can still be held by its stack frames.
	await sleep(50);
	for (let i = 0; i < 3; i++) {
		gc();
		await new Promise((resolve) => setImmediate(resolve));
	}
	const {heapUsed, rss} = process.memoryUsage();
	return {heapUsed, rss};
}

const mb = (bytes: number, digits = 1) => `${(bytes / MB).toFixed(digits)} MB`;
const signedMb = (bytes: number) => `${bytes >= 0 ? '+' : ''}${(bytes / MB).toFixed(2)} MB`;

/** Least-squares slope of y over x. */
function slope(points: readonly {x: number; y: number}[]): number {
	const n = points.length;
	const mx = points.reduce((sum, p) => sum + p.x, 0) / n;
	const my = points.reduce((sum, p) => sum + p.y, 0) / n;
	const num = points.reduce((sum, p) => sum + (p.x - mx) * (p.y - my), 0);
	const den = points.reduce((sum, p) => sum + (p.x - mx) ** 2, 0);
	return den === 0 ? 0 : num / den;
}

interface Sample extends Memory {
	readonly at: number;
}

function printGrowth(section: string, unit: string, samples: readonly Sample[], what: string): void {
	const start = samples[0]!;
	const end = samples.at(-1)!;
	const heapGrowth = end.heapUsed - start.heapUsed;
	const rssGrowth = end.rss - start.rss;
	const heapTrend = slope(samples.map((s) => ({x: s.at, y: s.heapUsed})));
	const per = samples.length > 1 ? samples[1]!.at - samples[0]!.at : 1;
	print(
		`  heap used after GC, every ${per.toLocaleString('en-US')} ${unit}: ${samples.map((s) => (s.heapUsed / MB).toFixed(2)).join(' ')} MB`,
	);
	print(`  RSS after GC, same points:       ${samples.map((s) => (s.rss / MB).toFixed(1)).join(' ')} MB`);
	print(
		`  start (after warm-up + GC): heap ${mb(start.heapUsed, 2)}, RSS ${mb(start.rss)}; end: heap ${mb(end.heapUsed, 2)}, RSS ${mb(end.rss)}`,
	);
	print(
		`  growth: heap ${signedMb(heapGrowth)} (${((100 * heapGrowth) / start.heapUsed).toFixed(1)} %), RSS ${signedMb(rssGrowth)} (${((100 * rssGrowth) / start.rss).toFixed(1)} %); ` +
			`heap trend ${((heapTrend * per) / 1024).toFixed(1)} KB per ${per.toLocaleString('en-US')} ${unit} (least squares)`,
	);
	const heapOk = heapGrowth < HEAP_LIMIT_MB * MB;
	const rssOk = rssGrowth < RSS_LIMIT_MB * MB;
	const goal = `no growth over ${what}: heap < +${HEAP_LIMIT_MB} MB, RSS < +${RSS_LIMIT_MB} MB (after GC)`;
	const measured = `heap ${signedMb(heapGrowth)}, RSS ${signedMb(rssGrowth)}`;
	print(`  goal: ${goal}: ${measured} → ${met(heapOk && rssOk)}`);
	row(section, goal, measured, heapOk && rssOk ? 'met' : 'NOT met');
}

// ---------------------------------------------------------------------------------------------
// 1. Store soak: 10,000 polls of a churning source, driven by hand on simulated time.

async function storeSoak(): Promise<void> {
	const POLLS = 10_000;
	const WARMUP = 500;
	const SAMPLE_EVERY = 1000;
	const section = 'soak: store';
	const options = {connections: 2000, listeners: 20, churn: 50, stateChanges: 20, timeWaitShare: 0.02};
	print(
		`### Store: ${POLLS.toLocaleString('en-US')} polls of a fake source, ${options.connections.toLocaleString('en-US')} connections + ${options.listeners} listeners; ` +
			`every poll ${options.churn} close, ${options.churn} open, ${options.stateChanges} change state`,
	);
	const time = new SimTime();
	const source = new ChurnSource(options);
	const store = createPollStore({source, intervalMs: INTERVAL_MS, clock: handClock(time)});
	let published = 0;
	let maxRows = 0;
	store.subscribe(() => {
		published++;
		maxRows = Math.max(maxRows, store.getSnapshot().rows.length);
	});
	// Simulated time moves one interval per poll: 'new' marks expire and closed rows fade as they do live.
	const poll = async () => {
		time.now += INTERVAL_MS;
		await store.refresh();
	};
	for (let i = 0; i < WARMUP; i++) await poll();
	const pollMs = new Float64Array(POLLS);
	const samples: Sample[] = [{at: 0, ...(await settledMemory())}];
	const started = performance.now();
	for (let i = 1; i <= POLLS; i++) {
		const before = performance.now();
		await poll();
		pollMs[i - 1] = performance.now() - before;
		if (i % SAMPLE_EVERY === 0) samples.push({at: i, ...(await settledMemory())});
	}
	const wall = (performance.now() - started) / 1000;
	const snapshot = store.getSnapshot();
	const times = [...pollMs];
	print(
		`  ${POLLS.toLocaleString('en-US')} polls (after ${WARMUP} warm-up) in ${wall.toFixed(1)} s of CPU-bound work (${((INTERVAL_MS * (POLLS + WARMUP)) / 3_600_000).toFixed(1)} h of simulated time at ${INTERVAL_MS / 1000} s per poll); ` +
			`per poll (source + diff) median ${ms(median(times), 2)}, p99 ${ms(percentile(times, 99), 2)}, max ${ms(Math.max(...times), 2)}`,
	);
	print(
		`  ${published.toLocaleString('en-US')} snapshots published; rows in the last one ${snapshot.rows.length.toLocaleString('en-US')} (max seen ${maxRows.toLocaleString('en-US')}: open + closed still fading), ${source.reads.toLocaleString('en-US')} reads; ${(source.reads * options.churn).toLocaleString('en-US')} sockets opened in all`,
	);
	printGrowth(section, 'polls', samples, `${POLLS.toLocaleString('en-US')} polls`);
	row(
		section,
		'poll cost at 2,000 sockets (source + diff)',
		`median ${ms(median(times), 2)}, p99 ${ms(percentile(times, 99), 2)}`,
		'info',
	);
}

// ---------------------------------------------------------------------------------------------
// 2. Dashboard soak: the real <App> through 2,000 refreshes with churn, keys now and then.

async function dashboardSoak(): Promise<void> {
	// --refreshes N: a longer run, to see whether the heap levels off (Ink's text caches
	// fill to their 5,000-entry cap and are cleared, a sawtooth of about 1 MB).
	const REFRESHES = numberArg('--refreshes') ?? 2000;
	const WARMUP = 200;
	const SAMPLE_EVERY = 250;
	const MAX_FPS = 1000;
	const section = 'soak: dashboard';
	const options = {connections: 2000, listeners: 20, churn: 50, stateChanges: 20, timeWaitShare: 0.02};
	print(
		`### Dashboard: the real <App> through ${REFRESHES.toLocaleString('en-US')} refreshes, same churning source (${options.connections.toLocaleString('en-US')} connections, ${options.churn} close + ${options.churn} open + ${options.stateChanges} state changes per poll)`,
	);
	print(
		`  React ${process.env.NODE_ENV === 'production' ? 'production' : 'development'} build; Ink render(), ${COLUMNS}×${ROWS} fake TTY, incrementalRendering, maxFps ${MAX_FPS} (so every refresh gets its own frame without a 34 ms wait; the throttle holds no memory)`,
	);
	print(
		'  keys while it runs: j every 10 refreshes, Tab every 100, "/7⏎" (filter) and Esc (clear it) every 250; simulated time moves 2 s per refresh (the 60 s age ticker fires)',
	);
	const time = new SimTime();
	const uiClock = new TimerClock(time);
	const source = new ChurnSource(options);
	const store = createPollStore({source, intervalMs: INTERVAL_MS, clock: handClock(time)});
	store.start();
	const app = mountApp({
		store,
		clock: uiClock,
		columns: COLUMNS,
		rows: ROWS,
		maxFps: MAX_FPS,
		intervalMs: INTERVAL_MS,
	});
	try {
		await store.refresh();
		await sleep(100);
		app.checkNoCrash();
		if (app.stdout.bytes === 0) throw new Error('Ink wrote nothing: is CI set in its environment?');
		const refresh = async (i: number) => {
			uiClock.advance(INTERVAL_MS);
			await store.refresh();
			if (i % 10 === 0) app.stdin.write('j');
			if (i % 100 === 0) app.stdin.write('\t');
			if (i % 250 === 100) for (const key of ['/', '7', '\r']) app.stdin.write(key);
			if (i % 250 === 200) app.stdin.write('\x1b');
			// Ink's throttle is 1 ms at maxFps 1000; Escape is held until setImmediate.
			await sleep(2);
		};
		for (let i = 1; i <= WARMUP; i++) await refresh(i);
		const samples: Sample[] = [{at: 0, ...(await settledMemory())}];
		const framesBefore = app.frames();
		const bytesBefore = app.stdout.bytes;
		const started = performance.now();
		for (let i = 1; i <= REFRESHES; i++) {
			await refresh(i);
			if (i % SAMPLE_EVERY === 0) samples.push({at: i, ...(await settledMemory())});
			// SOCKTOP_SOAK_SNAPSHOTS=DIR: heap snapshots at refresh 500 and at the end, to diff
			// what grew (bench/heap-diff.mjs).
			if (SNAPSHOT_DIR && (i === 500 || i === REFRESHES)) {
				await settledMemory();
				print(`  heap snapshot: ${writeHeapSnapshot(join(SNAPSHOT_DIR, `soak-${i}.heapsnapshot`))}`);
			}
		}
		const wall = (performance.now() - started) / 1000;
		app.checkNoCrash();
		const frames = app.frames() - framesBefore;
		print(
			`  ${REFRESHES.toLocaleString('en-US')} refreshes (after ${WARMUP} warm-up) in ${wall.toFixed(1)} s: ${frames.toLocaleString('en-US')} Ink frames, ${mb(app.stdout.bytes - bytesBefore)} written; rows in the last snapshot ${store.getSnapshot().rows.length.toLocaleString('en-US')}; UI timers pending ${uiClock.pending}`,
		);
		printGrowth(section, 'refreshes', samples, `${REFRESHES.toLocaleString('en-US')} refreshes`);
		// Only now (a heap snapshot moves RSS by tens of MB): the caches fill from an empty Map at start-up.
		printCaches(section, await inkTextCaches(), samples, WARMUP + REFRESHES + 1);
		if (frames < REFRESHES) print(`  warning: fewer frames (${frames}) than refreshes (${REFRESHES})`);
	} finally {
		app.unmount();
		store.stop();
	}
}

const SNAPSHOT_DIR = process.env.SOCKTOP_SOAK_SNAPSHOTS;

/** Entries at which patches/ink@6.8.0.patch clears each of Ink's text caches. */
const INK_CACHE_CAP = 5000;

/**
 * Where heap growth can come from: Ink's text caches, empty at start-up and cleared at
 * INK_CACHE_CAP entries (so they grow, then fall: a sawtooth), after `total` refreshes.
 */
function printCaches(
	section: string,
	caches: readonly CacheSize[],
	samples: readonly Sample[],
	total: number,
): void {
	const heapGrowth = samples.at(-1)!.heapUsed - samples[0]!.heapUsed;
	print(
		`  Ink 6.8's module-level text caches (empty at start-up, cleared at ${INK_CACHE_CAP.toLocaleString('en-US')} entries by patches/ink@6.8.0.patch), from a heap snapshot after all ${total.toLocaleString('en-US')} refreshes:`,
	);
	let bytes = 0;
	let entries = 0;
	let bound = 0;
	for (const cache of caches) {
		bytes += cache.bytes;
		entries += cache.entries;
		if (cache.entries > 0) bound += (cache.bytes / cache.entries) * INK_CACHE_CAP;
		print(
			`    ${cache.name}: ${cache.entries.toLocaleString('en-US')} entries, ≈ ${(cache.bytes / 1024).toFixed(0)} KB (keys, values, table)`,
		);
	}
	print(
		`    → ${(bytes / MB).toFixed(2)} MB held now, ${((100 * bytes) / Math.max(1, heapGrowth)).toFixed(0)} % of the heap growth above; at most ≈ ${(bound / MB).toFixed(1)} MB when full`,
	);
	row(
		section,
		'Ink text caches at the end (bounded)',
		`${entries.toLocaleString('en-US')} entries, ${(bytes / MB).toFixed(2)} MB; at most ≈ ${(bound / MB).toFixed(1)} MB at the cap`,
		'info',
	);
}

// ---------------------------------------------------------------------------------------------
// 3. 100,000 sockets: keypress → frame while the store polls every 2 s in the background.

type Lines = readonly string[];

interface Press {
	readonly key: string;
	readonly kind: string;
	/** Does the screen after a write show this key's effect (compared with the screen before it)? */
	readonly shows: (before: Lines, after: Lines) => boolean;
}

const focusedTitle = (lines: Lines) => {
	const line = lines.find((text) => text.startsWith('▶ '));
	return line ? (/^▶ (Listening|Connections|Quick scan)/.exec(line)?.[1] ?? null) : null;
};
const pointer = (lines: Lines) => {
	const index = lines.findIndex((text) => text.startsWith('>'));
	return {index, text: index >= 0 ? lines[index]! : ''};
};
/** The footer's status line (two lines above the bottom of the app; the last terminal line stays empty). */
const status = (lines: Lines) => lines.slice(-4).find((text) => /^(\/|no filter|filter:)/.test(text)) ?? '';

function pressSequence(short: boolean): Press[] {
	const presses: Press[] = [];
	const down = (kind: string): Press => ({
		key: 'j',
		kind,
		shows: (before, after) => {
			const a = pointer(before);
			const b = pointer(after);
			// The pointer moves down a line, or stays on the pane's last line while the rows scroll.
			return b.index === a.index + 1 || (b.index === a.index && b.index >= 0 && b.text !== a.text);
		},
	});
	const FOCUS = ['Listening', 'Connections', 'Quick scan'];
	let focus = 0;
	const tab = (): Press => {
		focus = (focus + 1) % FOCUS.length;
		const expected = FOCUS[focus];
		return {key: '\t', kind: 'Tab', shows: (_before, after) => focusedTitle(after) === expected};
	};
	const typed = (key: string, kind: string, draft: string): Press => ({
		key,
		kind,
		shows: (_before, after) => status(after) === `/${draft}`,
	});
	for (let i = 0; i < (short ? 0 : 15); i++) presses.push(down('j (Listening, 200 rows)'));
	presses.push(tab());
	for (let i = 0; i < (short ? 15 : 40); i++) presses.push(down('j (Connections, 100k rows)'));
	for (let i = 0; i < (short ? 0 : 15); i++) presses.push(tab());
	for (let i = 0; i < 6; i++) {
		presses.push(
			typed('/', '/ (open filter)', ''),
			typed('4', 'filter char', '4'),
			typed('2', 'filter char', '42'),
			typed('\x7f', 'backspace', '4'),
			typed('\x7f', 'backspace', ''),
			{
				key: '\r',
				kind: 'Enter (close filter)',
				shows: (_before, after) => status(after).startsWith('no filter'),
			},
		);
	}
	return presses;
}

interface PressResult {
	readonly kind: string;
	/** Key "arrives" (timer target) → first write after which the screen shows the change. */
	readonly latency: number | null;
	/** Part of it spent waiting for the event loop (a poll or frame being computed). */
	readonly waited: number;
	/** hrtime µs: when the key was due, when it was handled, when its frame was written. */
	readonly dueUs: number;
	readonly handledUs: number;
	readonly frameUs: number | null;
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

async function bigMachine(profile: boolean, inThread: boolean): Promise<void> {
	const section = 'soak: 100,000 sockets';
	const options = {connections: 99_800, listeners: 200, churn: 200, stateChanges: 100, timeWaitShare: 0.02};
	const total = options.connections + options.listeners;
	print(
		`### ${total.toLocaleString('en-US')} sockets (${options.connections.toLocaleString('en-US')} connections, 2 % of them TIME_WAIT, + ${options.listeners} listeners); every poll ${options.churn} close, ${options.churn} open, ${options.stateChanges} change state${profile ? ' — PROFILED RUN (timings inflated by the profiler)' : ''}`,
	);
	print(
		`  real timers: the store polls every ${INTERVAL_MS / 1000} s in the background; Ink maxFps 30 as run-dashboard.tsx; React ${process.env.NODE_ENV === 'production' ? 'production' : 'development'} build`,
	);
	const source = new ChurnSource(options);
	const recordsStarted = performance.now();
	source.records();
	const recordsMs = performance.now() - recordsStarted;
	// As the dashboard runs: the source read and diffed on a worker thread (the same
	// churning source, built there); --in-thread reads and diffs on this thread instead.
	const baseFeed = inThread
		? inThreadFeed(source)
		: createWorkerFeed({
				kind: 'module',
				name: 'procfs',
				url: new URL('./churn-source.ts', import.meta.url).href,
				exportName: 'createChurnSource',
				args: [options],
			});
	print(
		`  source and diff: ${inThread ? 'on this thread (--in-thread)' : 'on a worker thread, as the dashboard runs them (store/worker-feed.ts)'}`,
	);
	// When each read starts, and every frame: a poll's hold on the event loop, and the profile's windows.
	const readStartsUs: number[] = [];
	const deltasUs: number[] = [];
	const feed: DeltaFeed = {
		name: baseFeed.name,
		read: async (signal) => {
			readStartsUs.push(nowUs());
			const pending = await baseFeed.read(signal);
			// On this thread from here: applying the delta, React, Ink.
			deltasUs.push(nowUs());
			return pending;
		},
		close: () => baseFeed.close(),
	};
	const store = createPollStore({feed, intervalMs: INTERVAL_MS, clock: systemClock});
	const publishedAt: number[] = [];
	const publishedUs: number[] = [];
	store.subscribe(() => {
		publishedAt.push(performance.now());
		publishedUs.push(nowUs());
	});
	const framesUs: number[] = [];
	const started = performance.now();
	store.start();
	const app = mountApp({
		store,
		clock: systemClock,
		columns: COLUMNS,
		rows: ROWS,
		maxFps: 30,
		intervalMs: INTERVAL_MS,
		onFrame: () => framesUs.push(nowUs()),
	});
	app.stdout.keep = true;
	const screen = new HeadlessTerminal(COLUMNS, ROWS);
	const loopDelay = monitorEventLoopDelay({resolution: 5});
	let session: Session | null = null;
	try {
		// First frame with the rows in it.
		let fed = 0;
		const feed = async (upTo: number, until?: (lines: Lines) => boolean): Promise<Write | null> => {
			for (; fed < upTo; fed++) {
				const write = app.stdout.log[fed]!;
				await screen.write(write.chunk);
				if (until?.(screen.screen())) {
					fed++;
					return write;
				}
			}
			return null;
		};
		let firstFrame: number | null = null;
		for (let i = 0; i < 600 && firstFrame === null; i++) {
			await sleep(25);
			const hit = await feed(app.stdout.log.length, (lines) =>
				lines.some((text) => /Connections \(\d{5,}\)/.test(text)),
			);
			if (hit) firstFrame = hit.at - started;
		}
		app.checkNoCrash();
		if (firstFrame === null) throw new Error('the 100k rows never reached the screen');
		const startupHwmKb = readStatusKb('self', 'VmHWM');
		const firstPoll = (publishedAt[0] ?? Number.NaN) - started;
		print(
			`  first poll published ${ms(firstPoll, 0)} after start (the fake source alone builds 100k records in ${ms(recordsMs, 0)}), first frame with the rows ${ms(firstFrame, 0)} after start`,
		);

		// Let a few background polls happen, then time the presses.
		await sleep(2 * INTERVAL_MS + 300);
		if (profile) {
			session = new Session();
			session.connect();
			await session.post('Profiler.enable');
			await session.post('Profiler.setSamplingInterval', {interval: 250});
			await session.post('Profiler.start');
		}
		const pollsBefore = store.getStats().polls;
		const publishedBefore = publishedAt.length;
		const random = (() => {
			let seed = 7;
			return () => {
				seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
				return seed / 2_147_483_648;
			};
		})();
		loopDelay.enable();
		const results: PressResult[] = [];
		const pressStarted = performance.now();
		const pressStartUs = nowUs();
		for (const press of pressSequence(profile)) {
			const gap = 100 + random() * 200;
			const dueUs = nowUs() + gap * 1000;
			const due = performance.now() + gap;
			await sleep(gap);
			// The key "arrives" at `due`; if a poll is being processed, the loop takes it late, as it would
			// take a byte from the tty late.
			const handled = performance.now();
			const handledUs = nowUs();
			const cut = app.stdout.log.length;
			app.stdin.write(press.key);
			await feed(cut);
			const before = screen.screen();
			let frame: Write | null = null;
			const deadline = performance.now() + 3000;
			while (frame === null && performance.now() < deadline) {
				frame = await feed(app.stdout.log.length, (after) => press.shows(before, after));
				if (frame === null) await sleep(5);
			}
			results.push({
				kind: press.kind,
				latency: frame ? frame.at - due : null,
				waited: Math.max(0, handled - due),
				dueUs,
				handledUs,
				frameUs: frame ? handledUs + Math.round((frame.at - handled) * 1000) : null,
			});
			if (process.env.SOAK_DEBUG)
				print(
					`    [debug] ${press.kind} gap ${gap.toFixed(0)} waited ${(handled - due).toFixed(1)} latency ${results.at(-1)!.latency?.toFixed(1)} polls ${store.getStats().polls}`,
				);
			// Forget what was replayed.
			app.stdout.log.splice(0, fed);
			fed = 0;
		}
		loopDelay.disable();
		const pressSeconds = (performance.now() - pressStarted) / 1000;
		const pressEndUs = nowUs();
		const polls = store.getStats().polls - pollsBefore;
		let cpuProfile: CpuProfile | null = null;
		if (session) {
			const stopped = await session.post('Profiler.stop');
			cpuProfile = stopped.profile as unknown as CpuProfile;
			// Names for the functions tsx left anonymous, from the compiled sources.
			await session.post('Debugger.enable');
			const sources = new Map<string, string>();
			for (const node of cpuProfile.nodes) {
				const {scriptId, url, functionName} = node.callFrame;
				if (functionName !== '' || sources.has(scriptId) || !/\/(source|bench)\//.test(url)) continue;
				const {scriptSource} = await session.post('Debugger.getScriptSource', {scriptId});
				sources.set(scriptId, scriptSource);
			}
			await session.post('Debugger.disable');
			nameAnonymousFunctions(cpuProfile, sources);
			session.disconnect();
			session = null;
		}
		app.checkNoCrash();

		// Figures.
		const missed = results.filter((result) => result.latency === null);
		const latencies = (list: readonly PressResult[]) =>
			list.filter((result) => result.latency !== null).map((result) => result.latency!);
		const describe = (list: readonly PressResult[]) => {
			const values = latencies(list);
			const waited = list.map((result) => result.waited);
			return `median ${ms(median(values))}, p90 ${ms(percentile(values, 90))}, worst ${ms(Math.max(...values))} (n=${values.length}); of which waiting for the event loop: median ${ms(median(waited))}, worst ${ms(Math.max(...waited))}`;
		};
		print(
			`  ${results.length} key presses over ${pressSeconds.toFixed(1)} s, 100–300 ms apart (random phase against the polls); ${polls} background polls (${publishedAt.length - publishedBefore} published) meanwhile`,
		);
		print(
			'  keypress → frame = from the moment the key is due on stdin to the write after which a terminal emulator fed with the output shows its effect',
		);
		const kinds = [...new Set(results.map((result) => result.kind))];
		for (const kind of kinds)
			print(`    ${`${kind}:`.padEnd(28)} ${describe(results.filter((r) => r.kind === kind))}`);
		print(`    ${'all keys:'.padEnd(28)} ${describe(results)}`);
		const blocked = results.filter((result) => result.waited > 20);
		const free = results.filter((result) => result.waited <= 20);
		print(
			`    keys that arrived while a poll was being processed (waited > 20 ms): ${blocked.length} of ${results.length}, keypress → frame median ${ms(median(latencies(blocked)))}, worst ${ms(Math.max(...latencies(blocked)))}; ` +
				`the other ${free.length}: median ${ms(median(latencies(free)))}, worst ${ms(Math.max(...latencies(free)))}`,
		);
		if (missed.length > 0)
			print(`    ${missed.length} presses never showed within 3 s: ${missed.map((m) => m.kind).join(', ')}`);
		print(
			`  event loop delay during the presses (5 ms resolution): p50 ${ms(loopDelay.percentile(50) / 1e6)}, p99 ${ms(loopDelay.percentile(99) / 1e6)}, max ${ms(loopDelay.max / 1e6)}`,
		);
		// Each background poll during the presses: from the moment its delta is on this thread
		// (with --in-thread: from its read starting) to the first frame after it was published.
		const pollWindows: PressWindow[] = [];
		const wallSpans: number[] = [];
		readStartsUs.forEach((startUs, index) => {
			if (startUs < pressStartUs || startUs > pressEndUs) return;
			const arrived = inThread ? startUs : deltasUs[index];
			if (arrived === undefined) return;
			const published = publishedUs.find((at) => at >= arrived);
			const frame = published === undefined ? undefined : framesUs.find((at) => at >= published);
			if (frame === undefined) return;
			pollWindows.push({kind: 'background poll', dueUs: arrived, handledUs: arrived, frameUs: frame});
			wallSpans.push((frame - startUs) / 1000);
		});
		const spans = pollWindows.map((window) => (window.frameUs - window.dueUs) / 1000);
		const pollSpan = `median ${ms(median(spans), 0)}, max ${ms(Math.max(...spans), 0)}`;
		print(
			inThread
				? `  each background poll holds the event loop from its read to its frame (source + diff + store + React + Ink): ${pollSpan} over ${spans.length} polls`
				: `  each background poll holds this thread from its delta's arrival to its frame (store + React + Ink): ${pollSpan} over ${spans.length} polls; from its read starting on the worker to the frame: median ${ms(median(wallSpans), 0)}, max ${ms(Math.max(...wallSpans), 0)}`,
		);
		const end = await settledMemory();
		const {rss} = process.memoryUsage();
		const hwm = readStatusKb('self', 'VmHWM');
		const memory = `RSS ${mb(rss, 0)} (peak VmHWM ${hwm === null ? 'n/a' : mb(hwm * 1024, 0)}, ${startupHwmKb === null ? 'n/a' : mb(startupHwmKb * 1024, 0)} of it by the first frame), heap used after GC ${mb(end.heapUsed, 0)}`;
		print(`  memory at the end: ${memory}`);

		const groups: [string, (kind: string) => boolean][] = [
			['navigation (j, Tab)', (kind) => kind.startsWith('j ') || kind === 'Tab'],
			['filter typing (/, chars, ⌫, ⏎)', (kind) => !kind.startsWith('j ') && kind !== 'Tab'],
		];
		let allOk = missed.length === 0;
		for (const [name, test] of groups) {
			const list = results.filter((result) => test(result.kind));
			const values = latencies(list);
			const ok = median(values) < 100 && values.length === list.length;
			allOk &&= ok;
			const goal = `keypress → frame < 100 ms median, ${name}`;
			const measured = `median ${ms(median(values))}, worst ${ms(Math.max(...values))}, n=${values.length}/${list.length}`;
			print(`  goal: ${goal}: ${measured} → ${met(ok)}`);
			if (!profile) row(section, goal, measured, ok ? 'met' : 'NOT met');
		}
		if (!profile) {
			row(
				section,
				'keys arriving during a poll (waited > 20 ms)',
				`${blocked.length}/${results.length}: median ${ms(median(latencies(blocked)), 0)}, worst ${ms(Math.max(...latencies(blocked)), 0)}; a poll holds the loop ${pollSpan}`,
				'info',
			);
			row(section, 'memory at 100k sockets', memory, 'info');
		}
		// For the parent: whether to profile.
		process.stdout.write(`@@big ${JSON.stringify({met: allOk, worstMs: Math.max(...latencies(results))})}\n`);

		if (cpuProfile) {
			const windows = results
				.filter((result) => result.frameUs !== null)
				.map((result) => ({
					kind: result.kind,
					dueUs: result.dueUs,
					handledUs: result.handledUs,
					frameUs: result.frameUs!,
				}));
			const groupOf = (kind: string) =>
				kind.startsWith('j ') || kind === 'Tab'
					? 'navigation (j, Tab)'
					: kind === 'filter char' || kind === 'backspace'
						? 'filter edit (char, ⌫)'
						: 'open / close filter (/, ⏎)';
			const presses = summariseWindows(cpuProfile, windows, groupOf);
			for (const line of presses.lines) print(line);
			const pollLabels = {
				unit: 'poll',
				handling: inThread
					? 'read start → first frame after publish'
					: 'delta on this thread → first frame after publish',
			};
			const polls = summariseWindows(cpuProfile, pollWindows, undefined, pollLabels);
			for (const line of polls.lines.slice(1)) print(line);
			// Into the summary: what a poll, and a filter keystroke, spend their time on.
			const poll = polls.top.find((entry) => entry.handling);
			if (poll)
				row(
					'soak: 100k, profiled',
					'a background poll holds the loop (CPU per poll)',
					`${poll.perUnitMs.toFixed(0)} ms: ${describeTop(poll)}`,
					'info',
				);
			const edit = presses.top.find((entry) => entry.handling && entry.group.startsWith('filter edit'));
			if (edit)
				row(
					'soak: 100k, profiled',
					'a filter keystroke (CPU to its frame)',
					`${edit.perUnitMs.toFixed(0)} ms: ${describeTop(edit)}`,
					'info',
				);
		}
	} finally {
		loopDelay.disable();
		session?.disconnect();
		app.unmount();
		store.stop();
		screen.dispose();
	}
}

const part = process.argv[2];
function numberArg(flag: string): number | undefined {
	const at = process.argv.indexOf(flag);
	const value = at === -1 ? Number.NaN : Number(process.argv[at + 1]);
	return Number.isInteger(value) && value > 0 ? value : undefined;
}
const profile = process.argv.includes('--profile');
const parts: Record<string, () => Promise<void>> = {
	store: storeSoak,
	dashboard: dashboardSoak,
	big: () => bigMachine(profile, process.argv.includes('--in-thread')),
};
const run = part ? parts[part] : undefined;
if (!run) {
	process.stderr.write(`soak-child: expected store|dashboard|big, got ${part ?? 'nothing'}\n`);
	process.exit(2);
}
run().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(1);
	},
);

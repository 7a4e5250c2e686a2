// The composition root of the interactive dashboard: the real dependencies are
// built here, once, and handed to the UI. The UI itself never reads files or
// spawns processes.
import {readFile} from 'node:fs/promises';
import {hostname} from 'node:os';
import type {ReactElement} from 'react';
import {systemClock} from '../model/clock.js';
import type {SocketRecord} from '../model/socket-record.js';
import {inOrphanedProcessGroup} from '../os/job-control.js';
import {createProcfsProcessInfo} from '../os/process-info.js';
import {systemKiller} from '../os/process-killer.js';
import {createReverseDns} from '../os/reverse-dns.js';
import {createUserNames} from '../os/users.js';
import {defaultConcurrency} from '../scan/fd-limit.js';
import {createScanSession} from '../scan/scan-session.js';
import {readEtcServices} from '../services/read-etc-services.js';
import {createServiceLookup} from '../services/service-lookup.js';
import {createRemoteDetails, type RemoteDetailsReader} from '../sources/remote/remote-details.js';
import {createRemoteKiller, type RemoteKiller} from '../sources/remote/remote-killer.js';
import type {HostsConfig} from '../sources/remote/system-hosts.js';
import {systemSshFor} from '../sources/remote/system-ssh.js';
import {type CloseWatch, createSsCloseWatch} from '../sources/traffic/close-watch.js';
import {createTrafficSource, type TrafficSource} from '../sources/traffic/traffic-source.js';
import {createDataDrawn, firstDataWithin} from '../store/data-drawn.js';
import type {DeltaFeed} from '../store/delta-feed.js';
import {type FirstTables, type Provisional, provisionalSnapshot} from '../store/first-tables.js';
import {holdLaterReads} from '../store/held-feed.js';
import {createPollStore} from '../store/poll-store.js';
import type {Snapshot} from '../store/snapshot.js';
import {createTrafficStore} from '../store/traffic-store.js';
import {startHeapTrim} from '../threads/heap-trim.js';
import {terminateLiveWorkers} from '../threads/live-workers.js';
import type {DashboardConfig, DashboardDeps} from '../ui/deps.js';
import {isListening} from '../ui/model/view-row.js';
import {plainFrameLines} from '../ui/plain-frame.js';
import type {CreateSuspender} from '../ui/run-dashboard.js';
import {BELL} from '../ui/terminal-screen.js';
import {createTerminalSuspender} from '../ui/terminal-suspend.js';
import {themeFromEnv} from '../ui/theme.js';
import {composeHistory} from './compose-history.js';
import {type ShownPlainFrame, showPlainFirstFrame} from './plain-first-frame.js';
import {trafficScope} from './traffic-scope.js';

export interface DashboardOptions {
	readonly filter: string;
	readonly intervalMs: number;
	readonly timeoutMs: number;
	/** Bound on a read while there is no data yet (see poll-store.ts). */
	readonly firstTimeoutMs?: number;
	readonly color: boolean;
	readonly readOnly: boolean;
	readonly bell: boolean;
	/** `--log FILE`, `--alert RULE…`, `--alert-exec CMD ARGS…` (options.ts); absent: none. */
	readonly log?: string | null;
	readonly alerts?: readonly string[];
	readonly alertExec?: readonly string[] | null;
	/** Where alerts write the bell, title and notification. Default: process.stdout. */
	readonly terminal?: {write(text: string): unknown};
	/** Sockets, as deltas (from a worker thread when run for real: see worker-feed.ts). */
	readonly feed: DeltaFeed;
	/** The root component; a test swaps in one that throws to check the crash path. */
	readonly root?: (config: DashboardConfig) => ReactElement;
	/**
	 * Per-connection counters (`ss`); null: none on this platform. Default: `ss` on Linux, null
	 * elsewhere (the rate columns say `n/a`).
	 */
	readonly trafficSource?: TrafficSource | null;
	/** Why trafficSource is null on a platform that has counters (`SOCKTOP_RATES=off`): the header says it. */
	readonly ratesOff?: string;
	/**
	 * Close events with final counters (`ss -E`). Default: on Linux when the rates are on
	 * (trafficSource not null); null: none.
	 */
	readonly closeWatch?: CloseWatch | null;
	/** `--host`: the hosts watched (kill on a remote row goes through ssh), or null. */
	readonly hosts?: HostsConfig | null;
	/** `--netns` (options.ts); with `host` the rates read no other namespace (docs/memory.md). */
	readonly netns?: string;
	/** Ctrl-Z and `kill -TSTP` on the real terminal. Default: createTerminalSuspender (terminal-suspend.ts). */
	readonly createSuspender?: CreateSuspender;
	/**
	 * The first read runs on this thread, from /proc (worker-feed.ts: a table of at most 30,000
	 * sockets): the screen then waits for it up to HERE_FIRST_DATA_WAIT_MS, not
	 * FIRST_DATA_WAIT_MS. Not for a spawned `ss` or `netstat`, whose wait is off this thread.
	 */
	readonly firstReadHere?: boolean;
	/**
	 * The first tables as read (start-dashboard.ts): the plain first frame is drawn from them at
	 * once, before the differ and the store's apply (first-tables.ts). Absent: from the store's
	 * first snapshot.
	 */
	readonly firstTables?: FirstTables;
}

export interface ComposedDashboard {
	readonly deps: Omit<DashboardDeps, 'suspend'>;
	readonly config: DashboardConfig;
	readonly start: () => void;
	readonly stop: () => void;
	/** Called by the screen after each frame it renders (first-frame ordering: data-drawn.ts). */
	readonly onFrame: () => void;
	/** Resolves once the first data is there, or after FIRST_DATA_WAIT_MS: the screen mounts then. */
	readonly firstData: () => Promise<unknown>;
}

/**
 * How long the screen waits for the first data before it mounts with a loading frame. The
 * tables-only first read is started before React, Ink and yoga load (cli.tsx) and was done
 * before them at 1,000 connections (docs/first-frame.md); a first render that holds the data
 * saves the loading frame's render and Ink's 33 ms throttle before the data's frame. A read
 * slower than this (a worker's first read of a big table) gets the loading frame as before.
 */
export const FIRST_DATA_WAIT_MS = 200;

/**
 * With the plain frame drawn from the first tables (first-tables.ts), the wait for the store to
 * have applied them: CPU work on this thread (the differ, the apply), no read. A bound only so
 * that the screen mounts whatever happens; the store publishes a failure of that read too.
 */
export const EARLY_FRAME_WAIT_MS = 60_000;

/**
 * The same wait when the first read runs on this thread. That read competes with the mount for
 * this one thread, so a loading frame drawn before it cannot bring its data sooner: it adds a
 * render of its own (the loading frame's, 157–249 ms of CPU at 10,000 connections, load ≈ 17)
 * and Ink's render throttle before the data's frame, and at 10,000 connections the 200 ms bound
 * expired while the differ's slices were still running (docs/first-frame.md). A read that has not
 * come by this bound (a machine far past its cores) still gets the loading frame.
 */
export const HERE_FIRST_DATA_WAIT_MS = 1500;

/**
 * The kill of remote rows, with the ssh (and control directory) the host streams use. A
 * control directory that is refused (not ours, open to others) leaves kill out, not the
 * dashboard: the host streams report the same error in the header, and K says "no ssh".
 */
function remoteKillerFor(hosts: HostsConfig | null | undefined): {
	remoteKiller?: RemoteKiller;
	remoteDetails?: RemoteDetailsReader;
} {
	if (!hosts) return {};
	try {
		const ssh = systemSshFor(hosts.intervalMs);
		return {remoteKiller: createRemoteKiller(ssh), remoteDetails: createRemoteDetails(ssh)};
	} catch {
		return {};
	}
}

/** The real dependencies and configuration, built once. */
export async function composeDashboard(options: DashboardOptions): Promise<ComposedDashboard> {
	// The owners' read, and the rates' first read below, wait for the first data's frame
	// (data-drawn.ts): both cost this thread synchronous work that came before that frame.
	let releaseLaterReads = () => {};
	const laterReads = new Promise<void>((resolve) => {
		releaseLaterReads = resolve;
	});
	const store = createPollStore({
		feed: holdLaterReads(options.feed, laterReads),
		// The first frame from the socket tables; owners follow at once (issue 14).
		tablesFirst: true,
		intervalMs: options.intervalMs,
		timeoutMs: options.timeoutMs,
		...(options.firstTimeoutMs === undefined ? {} : {firstTimeoutMs: options.firstTimeoutMs}),
	});
	// This machine's counters (`ss -tinHO` here): nothing to show them on with --no-local,
	// where that read every poll cost the most CPU of an idle 3-host dashboard (bench hosts);
	// without the store the header says nothing about rates rather than "not available here".
	const localTraffic = !(options.hosts && !options.hosts.local);
	const trafficSource =
		options.trafficSource === undefined
			? process.platform === 'linux' && localTraffic
				? createTrafficSource(trafficScope(options.netns))
				: null
			: options.trafficSource;
	const closeWatch =
		options.closeWatch === undefined
			? trafficSource !== null && process.platform === 'linux'
				? createSsCloseWatch()
				: null
			: options.closeWatch;
	const traffic = localTraffic
		? createTrafficStore({
				source: trafficSource,
				...(options.ratesOff ? {off: options.ratesOff} : {}),
				closeWatch,
				sockets: store,
				intervalMs: options.intervalMs,
			})
		: null;
	const dataDrawn = createDataDrawn(store);
	void dataDrawn.drawn.then(releaseLaterReads);
	const reverseDns = createReverseDns();
	const userNames = createUserNames({readFile: (path) => readFile(path, 'utf8')});
	// Big scans run their connects on worker threads (scan-runner.ts), so they never stall the frames.
	const scanner = createScanSession({concurrency: defaultConcurrency});
	// A close event in the history and the log carries the connection's final counters.
	const history = composeHistory(store, options, (record) => traffic?.finalBytes(record) ?? null);
	const deps: ComposedDashboard['deps'] = {
		scanner,
		store,
		...(traffic === null ? {} : {traffic}),
		killer: systemKiller,
		// The host streams' own ssh options and ControlPath (system-hosts.ts), so a kill
		// rides the connection they already share.
		...remoteKillerFor(options.hosts),
		processInfo: createProcfsProcessInfo(async (uid) => (await userNames.lookup([uid])).get(uid) ?? null),
		reverseDns,
		serviceName: createServiceLookup({etcServicesText: await readEtcServices()}),
		clock: systemClock,
		bell: () => process.stdout.write(BELL),
		history: history.timeline,
	};
	const config: DashboardConfig = {
		// --no-local shows no row of this machine: the header names the watched hosts, not it.
		hostname: localTraffic ? hostname() : '',
		sourceName: options.feed.name,
		intervalMs: options.intervalMs,
		readOnly: options.readOnly,
		isRoot: process.getuid?.() === 0,
		bell: options.bell,
		initialFilter: options.filter,
		// Colour from --no-color, NO_COLOR and FORCE_COLOR; ASCII glyphs unless the locale is UTF-8.
		theme: themeFromEnv(options.color, process.env),
	};
	const stopTrim = startHeapTrim();
	let stopped = false;
	const stop = () => {
		stopped = true;
		stopTrim();
		dataDrawn.cancel();
		store.stop();
		traffic?.stop();
		reverseDns.stop();
		scanner.cancel();
		history.stop();
	};
	const start = () => {
		store.start();
		// The rates' first read (ss, a line per socket) after the first data's frame, not before it
		// (data-drawn.ts; a stop before it leaves `drawn` pending).
		if (traffic)
			void dataDrawn.drawn.then(() => {
				if (!stopped) traffic.start();
			});
	};
	return {
		deps,
		config,
		start,
		stop,
		onFrame: dataDrawn.onFrame,
		firstData: () =>
			firstDataWithin(store, options.firstReadHere ? HERE_FIRST_DATA_WAIT_MS : FIRST_DATA_WAIT_MS),
	};
}

/** The interactive dashboard on this process's terminal. */
export async function runDashboard(options: DashboardOptions): Promise<number> {
	const composed = await composeDashboard(options);
	const {stdout, stdin} = process;
	const {store} = composed.deps;
	const linesOf = (snapshot: Snapshot, unrowed?: readonly SocketRecord[]) =>
		plainFrameLines({
			config: composed.config,
			snapshot,
			...(unrowed ? {unrowed} : {}),
			...(composed.deps.traffic ? {traffic: composed.deps.traffic.getSnapshot()} : {}),
			scan: composed.deps.scanner.getSnapshot(),
			serviceName: composed.deps.serviceName,
			now: composed.deps.clock.now(),
			columns: stdout.columns,
			rows: stdout.rows,
		});
	// The first tables' own snapshot until the store has applied them (first-tables.ts).
	let early: Provisional | null = null;
	const currentLines = () => {
		const snapshot = store.getSnapshot();
		return early === null || snapshot.lastGoodAt !== null
			? linesOf(snapshot)
			: linesOf(early.snapshot, early.unrowed);
	};
	// Set by showPlain (a closure: an object, so that the checks below see it change).
	const shown: {plain: ShownPlainFrame | null} = {plain: null};
	// A plain frame of the first data, Ink not loaded yet (this module does not import it), which
	// Ink's first frame replaces (issue 14, docs/first-frame.md). Its lines are built once here;
	// again only for a redraw after `fg` (at the size then).
	const showPlain = (lines: readonly string[]) => {
		let first: readonly string[] | null = lines;
		if (first.length === 0) return;
		shown.plain = showPlainFirstFrame({stdout, stdin}, () => first ?? currentLines(), composed.stop);
		first = null;
	};
	const terminal = stdout.isTTY && stdin.isTTY;
	// Drawn in the tick the tables arrive, before the differ and the store's apply run.
	const unlisten =
		terminal && options.firstTables
			? options.firstTables.listen((result) => {
					early = provisionalSnapshot(result, {
						source: options.feed.name,
						now: composed.deps.clock.now(),
						keyed: isListening,
					});
					showPlain(linesOf(early.snapshot, early.unrowed));
				})
			: () => {};
	composed.start();
	// Before the screen is taken: a signal meanwhile ends the process on a terminal left as it was.
	await composed.firstData();
	unlisten();
	// Nothing later is drawn from them (and a result kept for no listener is let go).
	options.firstTables?.close();
	// Drawn from the tables already: Ink mounts on the store's data (its apply is CPU only, no read).
	if (shown.plain !== null) await firstDataWithin(store, EARLY_FRAME_WAIT_MS);
	else if (terminal) showPlain(linesOf(store.getSnapshot()));
	early = null;
	let screen: typeof import('../ui/run-dashboard.js');
	try {
		screen = await import('../ui/run-dashboard.js');
	} catch (error) {
		shown.plain?.restore();
		composed.stop();
		throw error;
	}
	shown.plain?.handOver();
	return screen.runTerminalDashboard({
		deps: composed.deps,
		config: composed.config,
		stop: composed.stop,
		onFrame: composed.onFrame,
		screenTaken: shown.plain !== null,
		beforeExit: () => terminateLiveWorkers(),
		createSuspender:
			options.createSuspender ??
			((suspender) => createTerminalSuspender({...suspender, canStop: () => !inOrphanedProcessGroup()})),
		...(options.root ? {root: options.root} : {}),
	});
}

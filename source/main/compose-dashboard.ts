// The composition root of the interactive dashboard: the real dependencies are
// built here, once, and handed to the UI. The UI itself never reads files or
// spawns processes.
import {readFile} from 'node:fs/promises';
import {hostname} from 'node:os';
import type {ReactElement} from 'react';
import {systemClock} from '../model/clock.js';
import {createProcfsProcessInfo} from '../os/process-info.js';
import {systemKiller} from '../os/process-killer.js';
import {createReverseDns} from '../os/reverse-dns.js';
import {createUserNames} from '../os/users.js';
import {defaultConcurrency} from '../scan/fd-limit.js';
import {createScanSession} from '../scan/scan-session.js';
import {readEtcServices} from '../services/read-etc-services.js';
import {createServiceLookup} from '../services/service-lookup.js';
import type {HostsConfig} from '../sources/remote/system-hosts.js';
import type {DeltaFeed} from '../store/delta-feed.js';
import {createPollStore} from '../store/poll-store.js';
import type {DashboardConfig, DashboardDeps} from '../ui/deps.js';
import {type CreateSuspender, runTerminalDashboard} from '../ui/run-dashboard.js';
import {BELL} from '../ui/terminal-screen.js';
import {createTerminalSuspender} from '../ui/terminal-suspend.js';
import {themeFromEnv} from '../ui/theme.js';

export interface DashboardOptions {
	readonly filter: string;
	readonly intervalMs: number;
	readonly timeoutMs: number;
	/** Bound on a read while there is no data yet (see poll-store.ts). */
	readonly firstTimeoutMs?: number;
	readonly color: boolean;
	readonly readOnly: boolean;
	readonly bell: boolean;
	/** Sockets, as deltas (from a worker thread when run for real: see worker-feed.ts). */
	readonly feed: DeltaFeed;
	/** The root component; a test swaps in one that throws to check the crash path. */
	readonly root?: (config: DashboardConfig) => ReactElement;
	/** `--host`: the hosts watched (kill on a remote row goes through ssh), or null. */
	readonly hosts?: HostsConfig | null;
	/** Ctrl-Z and `kill -TSTP` on the real terminal. Default: createTerminalSuspender (terminal-suspend.ts). */
	readonly createSuspender?: CreateSuspender;
}

export interface ComposedDashboard {
	readonly deps: Omit<DashboardDeps, 'suspend'>;
	readonly config: DashboardConfig;
	readonly start: () => void;
	readonly stop: () => void;
}

/** The real dependencies and configuration, built once. */
export async function composeDashboard(options: DashboardOptions): Promise<ComposedDashboard> {
	const store = createPollStore({
		feed: options.feed,
		intervalMs: options.intervalMs,
		timeoutMs: options.timeoutMs,
		...(options.firstTimeoutMs === undefined ? {} : {firstTimeoutMs: options.firstTimeoutMs}),
	});
	const reverseDns = createReverseDns();
	const userNames = createUserNames({readFile: (path) => readFile(path, 'utf8')});
	// Big scans run their connects on worker threads (scan-runner.ts), so they never stall the frames.
	const scanner = createScanSession({concurrency: defaultConcurrency});
	const deps: ComposedDashboard['deps'] = {
		scanner,
		store,
		killer: systemKiller,
		processInfo: createProcfsProcessInfo(async (uid) => (await userNames.lookup([uid])).get(uid) ?? null),
		reverseDns,
		serviceName: createServiceLookup({etcServicesText: await readEtcServices()}),
		clock: systemClock,
		bell: () => process.stdout.write(BELL),
	};
	const config: DashboardConfig = {
		hostname: hostname(),
		sourceName: options.feed.name,
		intervalMs: options.intervalMs,
		readOnly: options.readOnly,
		isRoot: process.getuid?.() === 0,
		bell: options.bell,
		initialFilter: options.filter,
		// Colour from --no-color, NO_COLOR and FORCE_COLOR; ASCII glyphs unless the locale is UTF-8.
		theme: themeFromEnv(options.color, process.env),
	};
	const stop = () => {
		store.stop();
		reverseDns.stop();
		scanner.cancel();
	};
	return {deps, config, start: () => store.start(), stop};
}

/** The interactive dashboard on this process's terminal. */
export async function runDashboard(options: DashboardOptions): Promise<number> {
	const composed = await composeDashboard(options);
	return runTerminalDashboard({
		...composed,
		createSuspender: options.createSuspender ?? createTerminalSuspender,
		...(options.root ? {root: options.root} : {}),
	});
}

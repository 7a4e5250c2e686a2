import {readFile} from 'node:fs/promises';
import {hostname} from 'node:os';
import {render} from 'ink';
import type {ReactElement} from 'react';
import type {CliOptions} from '../cli/options.js';
import {createProcfsProcessInfo} from '../os/process-info.js';
import {systemKiller} from '../os/process-killer.js';
import {createReverseDns} from '../os/reverse-dns.js';
import {createUserNames} from '../os/users.js';
import {defaultConcurrency} from '../scan/fd-limit.js';
import {createScanSession} from '../scan/scan-session.js';
import {createThreadedConnect} from '../scan/threaded-connect.js';
import {readEtcServices} from '../services/read-etc-services.js';
import {createServiceLookup} from '../services/service-lookup.js';
import {systemClock} from '../store/clock.js';
import type {DeltaFeed} from '../store/delta-feed.js';
import {createPollStore} from '../store/poll-store.js';
import {App} from './app.js';
import {type DashboardConfig, type DashboardDeps, DepsContext} from './deps.js';
import {BELL, CLEAR_SCREEN, ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, SHOW_CURSOR} from './terminal-screen.js';
import {themeFor} from './theme.js';

export interface DashboardOptions extends Omit<CliOptions, 'source' | 'timeoutMs'> {
	/** Sockets, as deltas (from a worker thread when run for real: see worker-feed.ts). */
	readonly feed: DeltaFeed;
	readonly timeoutMs: number;
	/** The root component; tests swap in one that throws to check the crash path. */
	readonly root?: (config: DashboardConfig) => ReactElement;
}

/**
 * Runs the interactive dashboard until the user quits or a signal arrives, and
 * always gives the terminal back: main screen, visible cursor, raw mode off.
 */
export async function runDashboard(options: DashboardOptions): Promise<number> {
	const {stdout, stdin} = process;
	const store = createPollStore({
		feed: options.feed,
		intervalMs: options.intervalMs,
		timeoutMs: options.timeoutMs,
	});
	const reverseDns = createReverseDns();
	const userNames = createUserNames({readFile: (path) => readFile(path, 'utf8')});
	// Connects run on worker threads so a big scan never stalls the dashboard's frames.
	const scanner = createScanSession({
		connect: () => createThreadedConnect(),
		concurrency: defaultConcurrency,
	});
	const deps: DashboardDeps = {
		scanner,
		store,
		killer: systemKiller,
		processInfo: createProcfsProcessInfo(async (uid) => (await userNames.lookup([uid])).get(uid) ?? null),
		reverseDns,
		serviceName: createServiceLookup({etcServicesText: await readEtcServices()}),
		clock: systemClock,
		bell: () => stdout.write(BELL),
	};

	let restored = false;
	const restore = () => {
		if (restored) return;
		restored = true;
		store.stop();
		reverseDns.stop();
		scanner.cancel();
		try {
			if (stdin.isTTY) stdin.setRawMode(false);
		} catch {
			// stdin may already be closed (SSH link gone); nothing to restore then.
		}
		stdout.write(SHOW_CURSOR + LEAVE_ALT_SCREEN);
	};

	stdout.write(ENTER_ALT_SCREEN + CLEAR_SCREEN);
	store.start();
	const config: DashboardConfig = {
		hostname: hostname(),
		sourceName: options.feed.name,
		intervalMs: options.intervalMs,
		readOnly: options.readOnly,
		isRoot: process.getuid?.() === 0,
		bell: options.bell,
		initialFilter: options.filter,
		theme: themeFor(options.color),
	};
	const instance = render(
		<DepsContext.Provider value={deps}>
			{options.root ? options.root(config) : <App config={config} />}
		</DepsContext.Provider>,
		{exitOnCtrlC: false, patchConsole: false, incrementalRendering: true, maxFps: 30},
	);

	const onSignal = (code: number) => () => {
		instance.unmount();
		restore();
		process.exit(code);
	};
	const handlers: [NodeJS.Signals, () => void][] = [
		['SIGTERM', onSignal(143)],
		['SIGHUP', onSignal(129)],
		['SIGINT', onSignal(130)],
	];
	for (const [signal, handler] of handlers) process.once(signal, handler);
	const onCrash = (error: unknown) => {
		try {
			instance.unmount();
		} catch {
			// The tree is already broken; restoring the terminal is what matters.
		}
		restore();
		process.stderr.write(`socktop: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	};
	process.once('uncaughtException', onCrash);
	process.once('unhandledRejection', onCrash);

	try {
		await instance.waitUntilExit();
		restore();
		return 0;
	} catch (error) {
		restore();
		process.stderr.write(`socktop: ${error instanceof Error ? error.message : String(error)}\n`);
		return 1;
	} finally {
		for (const [signal, handler] of handlers) process.off(signal, handler);
		process.off('uncaughtException', onCrash);
		process.off('unhandledRejection', onCrash);
	}
}

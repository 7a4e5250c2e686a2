// The interactive dashboard from parsed options: the feed (a worker thread for a big table), the
// tables-only first read, then compose-dashboard.ts (its plain first frame, then Ink). Shared by
// cli-main (every command line meow parses) and dashboard-process.ts (a plain `socktop`, its own
// bundle). Static imports on purpose: in dashboard-process's bundle everything before the plain
// frame is then one file (docs/first-frame.md, 2026-11-30 23:10 section).
import type {CliOptions} from '../cli/options.js';
import {pollTimeouts} from '../cli/poll-timeouts.js';
import {createFirstTables} from '../store/first-tables.js';
import {prefetchFeed} from '../store/prefetch-feed.js';
import {createWorkerFeed} from '../store/worker-feed.js';
import {optimizeForTable} from '../threads/optimizing-compiler.js';
import {keepYoungGenerationSmall} from '../threads/young-generation.js';
import {runDashboard} from './compose-dashboard.js';

/** Runs the dashboard on this process's terminal; resolves with its exit status. */
export function startDashboard(options: CliOptions): Promise<number> {
	const {firstMs: firstTimeoutMs, laterMs: timeoutMs} = pollTimeouts(options.timeoutMs, options.intervalMs);
	const manyHosts = options.hosts.length > 0;
	const hostsConfig = {
		choice: options.source,
		hosts: options.hosts,
		local: options.local,
		intervalMs: options.intervalMs,
	};
	// React's production build is chosen at build time (scripts/build.mjs defines NODE_ENV).
	// Ink stays silent until exit when it thinks it runs in CI; on a real terminal the
	// user wants the dashboard, whatever CI-ish variables the environment carries.
	delete process.env.CI;
	delete process.env.CONTINUOUS_INTEGRATION;
	const firstTables = createFirstTables();
	// A big table is read and diffed on a worker thread: key presses never wait behind a
	// poll of it.
	const feeder = createWorkerFeed(
		manyHosts
			? {kind: 'hosts', config: hostsConfig}
			: {kind: 'select', choice: options.source, netns: options.netns},
		// With the first full table drawn, the memory its reading took is handed back.
		{
			onFullTable: () => void import('../threads/settle-heap.js').then((m) => m.settleHeapSoon()),
			// No TurboFan for a small table: its compiles' memory outweighs what it speeds up.
			onTableSize: optimizeForTable,
			// The plain first frame from the tables as read, before they are diffed (first-tables.ts).
			onTablesRead: firstTables.deliver,
		},
	);
	// Before the heap grows, and only for a table read on this thread (young-generation.ts):
	// at 10,000 connections, where the worker reads, it measured worse.
	if (!feeder.onWorker) keepYoungGenerationSmall();
	// The first read (the tables, owners later: poll-store.ts) starts now.
	const feed = prefetchFeed(feeder, {ownersLater: true});
	return runDashboard({
		...options,
		// Read on this thread from /proc (not a spawned ss or netstat): compose-dashboard.ts.
		firstReadHere: !feeder.onWorker && feeder.name === 'procfs',
		timeoutMs,
		firstTimeoutMs,
		feed,
		firstTables,
		hosts: manyHosts ? hostsConfig : null,
		// For benchmarks: the dashboard without per-connection rates, to measure what they cost.
		...(process.env.SOCKTOP_RATES === 'off' ? {trafficSource: null, ratesOff: 'SOCKTOP_RATES=off'} : {}),
	});
}

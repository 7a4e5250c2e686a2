import {readFileSync} from 'node:fs';
import {bareAnswer} from '../cli/bare-answer.js';
import {HELP_TEXT} from '../cli/help-text.js';
import {onceReadsAllOwners, plainOnceOptions} from '../cli/once-prefetch-args.js';
import {plainDashboardOptions} from '../cli/plain-dashboard-args.js';
import {subcommandOf} from '../cli/subcommand.js';
import {errorMessage} from '../model/error-message.js';
import {exitNow} from '../os/exit-now.js';
import {standardStreams as io} from '../os/standard-streams.js';

// Every command but `scan` (cli.tsx sends it to its own bundle first), from the command line to
// the exit status. Nothing is loaded up front but what a bare `--version` or `--help` needs
// (answered before meow: source/cli/bare-answer.ts); every other command line loads the
// argument parser, then `--once`, `--json`, `exporter` and `wait` import what they use, never
// React or Ink.

/** What the entry hands over: where package.json is, and how it runs a scan. */
export interface CliEntry {
	readonly packageJson: URL;
	readonly runScan: (argv: readonly string[]) => Promise<void>;
}

function version(entry: CliEntry): string {
	const pkg = JSON.parse(readFileSync(entry.packageJson, 'utf8')) as {version: string};
	return pkg.version;
}

/** A terminal the dashboard can drive: both ends a TTY, and not one that cannot move the cursor. */
function isInteractive(): boolean {
	return process.stdout.isTTY === true && process.stdin.isTTY === true && process.env.TERM !== 'dumb';
}

/** `--host`: the many-hosts source over the system ssh (source/main/compose-hosts.ts). */
async function hostsSource(config: import('../sources/remote/system-hosts.js').HostsConfig) {
	const {composeHostsSource} = await import('./compose-hosts.js');
	return composeHostsSource(config);
}

/** Set by a command that has nothing left to finish when it returns (source/os/exit-now.ts). */
let exitWhenDone = false;

async function main(argv: readonly string[], entry: CliEntry): Promise<number> {
	const bare = bareAnswer(argv);
	if (bare === 'help') {
		process.stdout.write(`${HELP_TEXT.trim()}\n`);
		return 0;
	}
	if (bare === 'version') {
		process.stdout.write(`${version(entry)}\n`);
		return 0;
	}
	// A plain `--once` of a big table: the owner walk starts now on a worker thread, in
	// parallel with everything below (source/sources/procfs/owner-prefetch.ts).
	const prefetch =
		process.platform === 'linux' && onceReadsAllOwners(argv)
			? await import('../sources/procfs/owner-prefetch.js').then((module) =>
					module.prefetchPays() ? module.startOwnerPrefetch() : null,
				)
			: null;
	// A subcommand parses its own words: meow is not loaded for it (source/cli/subcommand.ts);
	// nor for a plain `--once` (source/cli/once-prefetch-args.ts) or dashboard (plain-dashboard-args.ts).
	const parsed =
		subcommandOf(argv) ??
		plainOnceOptions(argv) ??
		plainDashboardOptions(argv) ??
		(await import('../cli/options.js')).parseArgs(argv);
	if (parsed.kind !== 'run') prefetch?.cancel();
	switch (parsed.kind) {
		case 'error':
			process.stderr.write(`socktop: ${parsed.message}\n`);
			return 2;
		case 'help':
			process.stdout.write(`${parsed.text.trim()}\n`);
			return 0;
		case 'version':
			process.stdout.write(`${version(entry)}\n`);
			return 0;
		case 'scan':
			// cli.tsx sends `scan …` straight to its bundle; this is `scan` after other words, if
			// subcommand.ts ever accepts that. The scan process exits by itself.
			await entry.runScan(parsed.argv);
			return 0;
		case 'exporter': {
			const {parseExporterArgs, EXPORTER_HELP} = await import('../cli/exporter-args.js');
			const parsedExporter = parseExporterArgs(parsed.argv);
			if (parsedExporter.kind === 'help') {
				process.stdout.write(`${EXPORTER_HELP}\n`);
				return 0;
			}
			if (parsedExporter.kind === 'error') {
				process.stderr.write(`socktop: ${parsedExporter.message}\n`);
				return 2;
			}
			const {runExporter} = await import('./compose-exporter.js');
			const controller = new AbortController();
			for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());
			return runExporter(parsedExporter.args, io, controller.signal);
		}
		case 'wait': {
			const {runWaitCommand} = await import('../cli/wait-entry.js');
			const controller = new AbortController();
			process.once('SIGINT', () => controller.abort());
			return runWaitCommand(parsed.argv, {
				...io,
				signal: controller.signal,
				stderrIsTerminal: process.stderr.isTTY === true,
			});
		}
		case 'history': {
			const {runHistoryCommand} = await import('../cli/history-command.js');
			return runHistoryCommand(parsed.argv, io);
		}
		case 'details': {
			// What a `--host` dashboard asks a remote socktop for (sources/remote/remote-details.ts).
			const {runDetailsCommand} = await import('../cli/details-command.js');
			return runDetailsCommand(parsed.argv, io, process.env);
		}
		case 'run':
			break;
	}
	// NO_COLOR (any non-empty value, no-color.org) works like --no-color.
	const options = {...parsed.options, color: parsed.options.color && !process.env.NO_COLOR};
	const {pollTimeouts} = await import('../cli/poll-timeouts.js');
	const {firstMs: firstTimeoutMs, laterMs: timeoutMs} = pollTimeouts(options.timeoutMs, options.intervalMs);
	const hostsConfig = {
		choice: options.source,
		hosts: options.hosts,
		local: options.local,
		intervalMs: options.intervalMs,
	};
	const manyHosts = options.hosts.length > 0;
	if (options.json && !options.once) {
		const [{selectSource}, {createPollStore}, {runStream}, {STREAM_PROTOCOL}] = await Promise.all([
			import('../sources/select-source.js'),
			import('../store/poll-store.js'),
			import('../cli/run-stream.js'),
			import('../model/stream-protocol.js'),
		]);
		const hosts = manyHosts ? await hostsSource(hostsConfig) : null;
		const source = hosts ?? selectSource(options.source, undefined, options.netns);
		const store = createPollStore({source, intervalMs: options.intervalMs, timeoutMs, firstTimeoutMs});
		const controller = new AbortController();
		for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
			process.once(signal, () => controller.abort());
		// A reader over ssh (another socktop's --host) asks for the hello and sync lines.
		const protocol = process.env.SOCKTOP_PROTOCOL ? STREAM_PROTOCOL : null;
		const code = await runStream(store, options.filter, io, controller.signal, protocol);
		hosts?.close();
		return code;
	}
	if (options.metrics !== null) {
		const [{selectSource}, {runMetricsOnce}] = await Promise.all([
			import('../sources/select-source.js'),
			import('../cli/run-metrics-once.js'),
		]);
		return runMetricsOnce(
			selectSource(options.source),
			{format: options.metrics, filter: options.filter, timeoutMs: firstTimeoutMs, output: options.output},
			io,
		);
	}
	if (options.once || !isInteractive()) {
		// One import for the whole path (source/main/compose-once.ts says why).
		const {runOnceCommand} = await import('./compose-once.js');
		const hosts = manyHosts ? await hostsSource(hostsConfig) : null;
		// The many-hosts source winds its ssh streams down after close(): let it.
		exitWhenDone = hosts === null;
		const code = await runOnceCommand(
			{
				source: options.source,
				netns: options.netns,
				json: options.json,
				filter: options.filter,
				timeoutMs: firstTimeoutMs,
				hosts,
				prefetch,
			},
			io,
		);
		hosts?.close();
		return code;
	}
	// React's production build is chosen at build time (scripts/build.mjs defines NODE_ENV).
	// Ink stays silent until exit when it thinks it runs in CI; on a real terminal the
	// user wants the dashboard, whatever CI-ish variables the environment carries.
	delete process.env.CI;
	delete process.env.CONTINUOUS_INTEGRATION;
	const [{createWorkerFeed}, {prefetchFeed}, {keepYoungGenerationSmall}] = await Promise.all([
		import('../store/worker-feed.js'),
		import('../store/prefetch-feed.js'),
		import('../threads/young-generation.js'),
	]);
	const {optimizeForTable} = await import('../threads/optimizing-compiler.js');
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
		},
	);
	// Before the heap grows, and only for a table read on this thread (young-generation.ts):
	// at 10,000 connections, where the worker reads, it measured worse.
	if (!feeder.onWorker) keepYoungGenerationSmall();
	// The first read (the tables, owners later: poll-store.ts) starts now, while React, Ink
	// and yoga load below; they do not need it, nor it them.
	const feed = prefetchFeed(feeder, {ownersLater: true});
	const {runDashboard} = await import('./compose-dashboard.js');
	return runDashboard({
		...options,
		// Read on this thread from /proc (not a spawned ss or netstat): compose-dashboard.ts.
		firstReadHere: !feeder.onWorker && feeder.name === 'procfs',
		timeoutMs,
		firstTimeoutMs,
		feed,
		hosts: manyHosts ? hostsConfig : null,
		// For benchmarks: the dashboard without per-connection rates, to measure what they cost.
		...(process.env.SOCKTOP_RATES === 'off' ? {trafficSource: null, ratesOff: 'SOCKTOP_RATES=off'} : {}),
	});
}

/** Runs the command line ARGV (without node and the script) and sets the exit status. */
export function runCliMain(argv: readonly string[], entry: CliEntry): void {
	main(argv, entry).then(
		async (code) => {
			process.exitCode = code;
			if (exitWhenDone) await exitNow(code);
		},
		(error: unknown) => {
			process.stderr.write(`socktop: ${errorMessage(error)}\n`);
			process.exitCode = 1;
		},
	);
}

#!/usr/bin/env node
import {readFileSync} from 'node:fs';
import {parseArgs} from './source/cli/options.js';
import {errorMessage} from './source/model/error-message.js';

// Only the argument parser is loaded up front: `--version` and `--help` need nothing
// else, and `--once`, `--json` and `scan` import what they use, never React or Ink.
const io = {stdout: process.stdout, stderr: process.stderr};

function version(): string {
	// dist/cli.js and cli.tsx both sit one level below package.json.
	const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
		version: string;
	};
	return pkg.version;
}

/** A terminal the dashboard can drive: both ends a TTY, and not one that cannot move the cursor. */
function isInteractive(): boolean {
	return process.stdout.isTTY === true && process.stdin.isTTY === true && process.env.TERM !== 'dumb';
}

/** `--host`: the many-hosts source over the system ssh (source/main/compose-hosts.ts). */
async function hostsSource(config: import('./source/sources/remote/system-hosts.js').HostsConfig) {
	const {composeHostsSource} = await import('./source/main/compose-hosts.js');
	return composeHostsSource(config);
}

async function main(): Promise<number> {
	const parsed = parseArgs(process.argv.slice(2));
	switch (parsed.kind) {
		case 'error':
			process.stderr.write(`socktop: ${parsed.message}\n`);
			return 2;
		case 'help':
			process.stdout.write(`${parsed.text.trim()}\n`);
			return 0;
		case 'version':
			process.stdout.write(`${version()}\n`);
			return 0;
		case 'scan': {
			const {runScanCommand} = await import('./source/cli/scan-command.js');
			const controller = new AbortController();
			process.once('SIGINT', () => controller.abort());
			return runScanCommand(parsed.argv, {...io, signal: controller.signal});
		}
		case 'run':
			break;
	}
	// NO_COLOR (any non-empty value, no-color.org) works like --no-color.
	const options = {...parsed.options, color: parsed.options.color && !process.env.NO_COLOR};
	const {pollTimeouts} = await import('./source/cli/poll-timeouts.js');
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
			import('./source/sources/select-source.js'),
			import('./source/store/poll-store.js'),
			import('./source/cli/run-stream.js'),
			import('./source/model/stream-protocol.js'),
		]);
		const hosts = manyHosts ? await hostsSource(hostsConfig) : null;
		const source = hosts ?? selectSource(options.source);
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
	if (options.once || !isInteractive()) {
		const [{selectSource}, {runOnce}] = await Promise.all([
			import('./source/sources/select-source.js'),
			import('./source/cli/run-once.js'),
		]);
		const hosts = manyHosts ? await hostsSource(hostsConfig) : null;
		const source = hosts ?? selectSource(options.source);
		const code = await runOnce(
			source,
			{json: options.json, filter: options.filter, timeoutMs: firstTimeoutMs},
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
	const [{runDashboard}, {createWorkerFeed}] = await Promise.all([
		import('./source/main/compose-dashboard.js'),
		import('./source/store/worker-feed.js'),
	]);
	// The source is read and diffed on a worker thread: key presses never wait behind a
	// poll of a big socket table.
	return runDashboard({
		...options,
		timeoutMs,
		firstTimeoutMs,
		feed: createWorkerFeed(
			manyHosts ? {kind: 'hosts', config: hostsConfig} : {kind: 'select', choice: options.source},
		),
		hosts: manyHosts ? hostsConfig : null,
	});
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		process.stderr.write(`socktop: ${errorMessage(error)}\n`);
		process.exitCode = 1;
	},
);

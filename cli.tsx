#!/usr/bin/env node
import {readFileSync} from 'node:fs';
import {parseArgs} from './source/cli/options.js';
import {runOnce} from './source/cli/run-once.js';
import {runStream} from './source/cli/run-stream.js';
import {selectSource} from './source/sources/select-source.js';
import {createPollStore} from './source/store/poll-store.js';

const io = {stdout: process.stdout, stderr: process.stderr};

function version(): string {
	const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
		version: string;
	};
	return pkg.version;
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
	const source = selectSource(options.source);
	const timeoutMs = options.timeoutMs ?? Math.max(1000, options.intervalMs);
	const interactive = process.stdout.isTTY === true && process.stdin.isTTY === true;
	if (options.json && !options.once) {
		const store = createPollStore({source, intervalMs: options.intervalMs, timeoutMs});
		const controller = new AbortController();
		for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
			process.once(signal, () => controller.abort());
		return runStream(store, options.filter, io, controller.signal);
	}
	if (options.once || !interactive) {
		return runOnce(source, {json: options.json, filter: options.filter, timeoutMs}, io);
	}
	// React's development build is several times slower and larger; the dashboard is
	// only ever run for real. Set before React is first imported (run-dashboard pulls it in).
	process.env.NODE_ENV ??= 'production';
	// Ink stays silent until exit when it thinks it runs in CI; on a real terminal the
	// user wants the dashboard, whatever CI-ish variables the environment carries.
	delete process.env.CI;
	delete process.env.CONTINUOUS_INTEGRATION;
	const {runDashboard} = await import('./source/main/compose-dashboard.js');
	const {createWorkerFeed} = await import('./source/store/worker-feed.js');
	// The source is read and diffed on a worker thread: key presses never wait behind a
	// poll of a big socket table.
	return runDashboard({
		...options,
		timeoutMs,
		feed: createWorkerFeed({kind: 'select', choice: options.source}),
	});
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		process.stderr.write(`socktop: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 1;
	},
);

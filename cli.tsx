#!/usr/bin/env node
import {readFileSync} from 'node:fs';
import {bareAnswer} from './source/cli/bare-answer.js';
import {HELP_TEXT} from './source/cli/help-text.js';
import {errorMessage} from './source/model/error-message.js';

// Nothing is loaded up front but what a bare `--version` or `--help` needs (answered
// before meow: source/cli/bare-answer.ts); every other command line loads the argument
// parser, then `--once`, `--json` and `scan` import what they use, never React or Ink.
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

async function main(): Promise<number> {
	const argv = process.argv.slice(2);
	const bare = bareAnswer(argv);
	if (bare === 'help') {
		process.stdout.write(`${HELP_TEXT.trim()}\n`);
		return 0;
	}
	if (bare === 'version') {
		process.stdout.write(`${version()}\n`);
		return 0;
	}
	const {parseArgs} = await import('./source/cli/options.js');
	const parsed = parseArgs(argv);
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
	if (options.json && !options.once) {
		const [{selectSource}, {createPollStore}, {runStream}] = await Promise.all([
			import('./source/sources/select-source.js'),
			import('./source/store/poll-store.js'),
			import('./source/cli/run-stream.js'),
		]);
		const source = selectSource(options.source);
		const store = createPollStore({source, intervalMs: options.intervalMs, timeoutMs, firstTimeoutMs});
		const controller = new AbortController();
		for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
			process.once(signal, () => controller.abort());
		return runStream(store, options.filter, io, controller.signal);
	}
	if (options.once || !isInteractive()) {
		const [{selectSource}, {runOnce}] = await Promise.all([
			import('./source/sources/select-source.js'),
			import('./source/cli/run-once.js'),
		]);
		const source = selectSource(options.source);
		return runOnce(source, {json: options.json, filter: options.filter, timeoutMs: firstTimeoutMs}, io);
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
		feed: createWorkerFeed({kind: 'select', choice: options.source}),
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

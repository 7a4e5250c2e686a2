// The composition root of `socktop exporter`: the dashboard's feed and polling store (the
// same reads, on a worker thread once the table is big), an HTTP server on loopback unless
// told otherwise, and a clean stop on the caller's signal. Never loads React or Ink.

import type {ExporterArgs} from '../cli/exporter-args.js';
import {createMetricsHandler, startServer} from '../cli/exporter-server.js';
import type {Output} from '../cli/output.js';
import {pollTimeouts} from '../cli/poll-timeouts.js';
import {parseFilter} from '../filter/filter.js';
import {errorMessage} from '../model/error-message.js';
import {createPollStore} from '../store/poll-store.js';
import {createWorkerFeed} from '../store/worker-feed.js';

/** Serves until SIGNAL aborts; 0 after a clean stop, 1 when it cannot listen. */
export async function runExporter(args: ExporterArgs, io: Output, signal: AbortSignal): Promise<number> {
	const filter = parseFilter(args.filter);
	if (!filter.ok) {
		io.stderr.write(`socktop: --filter: ${filter.error}\n`);
		return 2;
	}
	const {firstMs, laterMs} = pollTimeouts(args.timeoutMs, args.intervalMs);
	const store = createPollStore({
		feed: createWorkerFeed({kind: 'select', choice: args.source}),
		intervalMs: args.intervalMs,
		timeoutMs: laterMs,
		firstTimeoutMs: firstMs,
	});
	let running: Awaited<ReturnType<typeof startServer>>;
	try {
		running = await startServer(args.listen, createMetricsHandler({store, filter: filter.predicate}));
	} catch (error) {
		store.stop();
		io.stderr.write(
			`socktop exporter: cannot listen on ${args.listen.host}:${args.listen.port}: ${errorMessage(error)}\n`,
		);
		return 1;
	}
	io.stderr.write(`socktop exporter: serving ${running.url}\n`);
	if (!args.listen.loopback)
		io.stderr.write(
			`socktop exporter: ${args.listen.host} is not loopback: other machines can read these metrics\n`,
		);
	// A source error is said once per distinct message, as `socktop --json` does.
	let lastError: string | null = null;
	const unsubscribe = store.subscribe(() => {
		const {error} = store.getSnapshot();
		if (error !== null && error !== lastError) io.stderr.write(`socktop exporter: ${error}\n`);
		lastError = error;
	});
	store.start();
	await new Promise<void>((resolve) => {
		if (signal.aborted) resolve();
		else signal.addEventListener('abort', () => resolve(), {once: true});
	});
	unsubscribe();
	store.stop();
	await running.close();
	io.stderr.write('socktop exporter: stopped\n');
	return 0;
}

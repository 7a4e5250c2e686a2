import {open, rename, rm} from 'node:fs/promises';
import {basename, dirname, join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {parseFilter} from '../filter/filter.js';
import {renderExposition} from '../metrics/exposition.js';
import {pollFamilies, socketFamilies} from '../metrics/socket-metrics.js';
import {errorMessage} from '../model/error-message.js';
import type {SourceResult} from '../model/socket-record.js';
import {ownersWantedBy} from '../sources/owner-demand.js';
import {type SocketSource, SourceError, toSourceError} from '../sources/source.js';
import type {MetricsFormat} from './options.js';
import {createSafeWriter, type Output} from './output.js';

export interface MetricsOnceOptions {
	readonly format: MetricsFormat;
	readonly filter: string;
	readonly timeoutMs: number;
	/** Written through a temporary file in the same directory and a rename; null: stdout. */
	readonly output: string | null;
}

/** One read bounded by TIMEOUTMS (a source that ignores its abort still ends), with its duration. */
async function timedRead(
	source: SocketSource,
	timeoutMs: number,
	hints: Parameters<SocketSource['read']>[1],
): Promise<{result: SourceResult | null; error: SourceError | null; durationMs: number}> {
	const controller = new AbortController();
	let timer: NodeJS.Timeout | undefined;
	const timedOut = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			controller.abort();
			reject(new SourceError('TIMEOUT', `${source.name} did not answer within ${timeoutMs} ms`));
		}, timeoutMs);
	});
	const started = performance.now();
	try {
		const result = await Promise.race([source.read(controller.signal, hints), timedOut]);
		return {result, error: null, durationMs: performance.now() - started};
	} catch (error) {
		return {result: null, error: toSourceError(error), durationMs: performance.now() - started};
	} finally {
		clearTimeout(timer);
	}
}

/**
 * Writes TEXT to PATH so a reader never sees half a file: node_exporter's textfile collector
 * reads `*.prom` files whenever it is scraped, so the text goes to a hidden temporary file in
 * the same directory (same filesystem: the rename is atomic; not `*.prom`: never collected),
 * is flushed, and then renamed over PATH.
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
	const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
	try {
		const handle = await open(temporary, 'w', 0o644);
		try {
			await handle.writeFile(text, 'utf8');
			await handle.sync();
		} finally {
			await handle.close();
		}
		await rename(temporary, path);
	} catch (error) {
		await rm(temporary, {force: true});
		throw error;
	}
}

/**
 * `socktop --once --format openmetrics|prometheus [--output FILE]`: one read as a metrics
 * exposition. A failed read still writes the poll figures (socktop_poll_success 0) so the
 * failure shows in Prometheus, and exits 1.
 */
export async function runMetricsOnce(
	source: SocketSource,
	options: MetricsOnceOptions,
	io: Output,
): Promise<number> {
	const filter = parseFilter(options.filter);
	if (!filter.ok) {
		io.stderr.write(`socktop: --filter: ${filter.error}\n`);
		return 2;
	}
	const hints = filter.terms > 0 ? {ownersWanted: ownersWantedBy(filter.predicate)} : undefined;
	const {result, error, durationMs} = await timedRead(source, options.timeoutMs, hints);
	const families = [
		...(result ? socketFamilies(result.records.filter(filter.predicate)) : []),
		...pollFamilies({success: result !== null, durationMs}),
	];
	const text = renderExposition(families, options.format);
	if (error) io.stderr.write(`socktop: ${error.message}\n`);
	for (const warning of result?.warnings ?? []) io.stderr.write(`socktop: ${warning}\n`);
	if (options.output === null) createSafeWriter(io.stdout).write(text);
	else {
		try {
			await writeFileAtomically(options.output, text);
		} catch (writeError) {
			io.stderr.write(`socktop: --output ${options.output}: ${errorMessage(writeError)}\n`);
			return 1;
		}
	}
	return error ? 1 : 0;
}

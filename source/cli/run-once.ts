import {parseFilter} from '../filter/filter.js';
import {isUnattributed, unattributedNamespaces, unattributedNote} from '../model/attribution.js';
import {compareForListing} from '../model/listing-order.js';
import {ownersWantedBy} from '../sources/owner-demand.js';
import type {SocketSource} from '../sources/source.js';
import {SourceError, toSourceError} from '../sources/source.js';
import type {TrafficSource} from '../sources/traffic/traffic-source.js';
import {createSafeWriter, type Output} from './output.js';
import {recordToJson} from './record-json.js';
import {sortForListing} from './sort-records.js';
import {terminalWidth, textTableBytes} from './text-table.js';
import {readTrafficTable, type TrafficTable} from './traffic-json.js';

export interface OnceOptions {
	readonly json: boolean;
	readonly filter: string;
	readonly timeoutMs: number;
	/**
	 * Per-socket counters and listen queues (Linux: `ss`), read for `--json` and for a filter
	 * on `saturated:`; absent: those JSON fields are null and `saturated:yes` matches nothing.
	 */
	readonly traffic?: TrafficSource;
}

/** `socktop --once [--json]`: one read, printed, exit code returned. */
export async function runOnce(source: SocketSource, options: OnceOptions, io: Output): Promise<number> {
	const filter = parseFilter(options.filter);
	if (!filter.ok) {
		io.stderr.write(`socktop: --filter: ${filter.error}\n`);
		return 2;
	}
	const asksTraffic = /saturated:/i.test(options.filter);
	let result: Awaited<ReturnType<SocketSource['read']>>;
	let traffic: TrafficTable | null = null;
	// A ref'd timer (AbortSignal.timeout's is not) so a hung source cannot let the
	// process slip out with exit 0, and a race so one that ignores abort still ends.
	const controller = new AbortController();
	let timer: NodeJS.Timeout | undefined;
	const timedOut = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			controller.abort();
			reject(new SourceError('TIMEOUT', `${source.name} did not answer within ${options.timeoutMs} ms`));
		}, options.timeoutMs);
	});
	try {
		// With a filter, only the owners of sockets it may accept are looked up (none: no walk).
		// (Not for `saturated:`: its answer is only known once the queues are read.)
		// The source may sort before its owner lookup (ReadHints.order): sortForListing below then
		// finds the records in order.
		const hints =
			filter.terms > 0 && !asksTraffic
				? {ownersWanted: ownersWantedBy(filter.predicate), order: compareForListing}
				: {order: compareForListing};
		const wantTraffic = options.traffic !== undefined && (options.json || asksTraffic);
		const [read, counters] = await Promise.race([
			Promise.all([
				source.read(controller.signal, hints),
				wantTraffic ? readTrafficTable(options.traffic!, controller.signal) : null,
			]),
			timedOut,
		]);
		result = read;
		if (counters !== null && 'error' in counters) io.stderr.write(`socktop: ${counters.error}\n`);
		else if (counters !== null) traffic = counters.table;
	} catch (error) {
		io.stderr.write(`socktop: ${toSourceError(error).message}\n`);
		return 1;
	} finally {
		clearTimeout(timer);
	}
	// The listen queues are known now: a filter asking about them is applied with them.
	const predicate = asksTraffic && traffic ? parseFilter(options.filter, traffic.lookups) : filter;
	// No filter: every record, not a copy. Records the source already put in this order
	// (ReadHints.order) stay as they are: the stable sort of sorted input was ≈20,000
	// comparisons and a copy at the serial end of a cold read (docs/cold-read.md, seventh pass).
	const kept =
		filter.terms === 0
			? result.records
			: result.records.filter(predicate.ok ? predicate.predicate : filter.predicate);
	const records = result.orderedBy === compareForListing ? kept : sortForListing(kept);
	const out = createSafeWriter(io.stdout);
	if (options.json) {
		// A full pipe is waited for, not taken for a gone reader: breaking there dropped every
		// record after the first ≈64 KiB (544 of 20,000 lines reached `| wc -l`).
		for (const record of records) {
			const fields = traffic?.fieldsOf(record);
			if (out.write(`${JSON.stringify(recordToJson(record, fields))}\n`)) continue;
			if (out.closed()) break;
			await out.drained();
		}
	} else {
		// Written as it is made, a piece at a time (text-table.ts says why), waiting as above.
		for await (const piece of textTableBytes(records, terminalWidth(io.stdout))) {
			if (out.write(piece)) continue;
			if (out.closed()) break;
			await out.drained();
		}
	}
	for (const warning of result.warnings) io.stderr.write(`socktop: ${warning}\n`);
	// Counted among the sockets printed, with the cause the source found.
	// Their namespaces are looked for among them, not in a second pass over every record.
	const unowned = records.filter(isUnattributed);
	if (unowned.length > 0)
		io.stderr.write(
			`socktop: ${unattributedNote(unowned.length, result.unattributedCause ?? null, unattributedNamespaces(unowned), true)}\n`,
		);
	return 0;
}

import {parseFilter} from '../filter/filter.js';
import {isUnattributed, unattributedNote} from '../model/attribution.js';
import {ownersWantedBy} from '../sources/owner-demand.js';
import type {SocketSource} from '../sources/source.js';
import {SourceError, toSourceError} from '../sources/source.js';
import {createSafeWriter, type Output} from './output.js';
import {recordToJson} from './record-json.js';
import {sortForListing} from './sort-records.js';
import {formatTextTable, terminalWidth} from './text-table.js';

export interface OnceOptions {
	readonly json: boolean;
	readonly filter: string;
	readonly timeoutMs: number;
}

/** `socktop --once [--json]`: one read, printed, exit code returned. */
export async function runOnce(source: SocketSource, options: OnceOptions, io: Output): Promise<number> {
	const filter = parseFilter(options.filter);
	if (!filter.ok) {
		io.stderr.write(`socktop: --filter: ${filter.error}\n`);
		return 2;
	}
	let result: Awaited<ReturnType<SocketSource['read']>>;
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
		const hints = filter.terms > 0 ? {ownersWanted: ownersWantedBy(filter.predicate)} : undefined;
		result = await Promise.race([source.read(controller.signal, hints), timedOut]);
	} catch (error) {
		io.stderr.write(`socktop: ${toSourceError(error).message}\n`);
		return 1;
	} finally {
		clearTimeout(timer);
	}
	const records = sortForListing(result.records.filter(filter.predicate));
	const out = createSafeWriter(io.stdout);
	if (options.json) {
		for (const record of records) {
			if (!out.write(`${JSON.stringify(recordToJson(record))}\n`)) break;
		}
	} else {
		out.write(`${await formatTextTable(records, terminalWidth(io.stdout))}\n`);
	}
	for (const warning of result.warnings) io.stderr.write(`socktop: ${warning}\n`);
	// Counted among the sockets printed, with the cause the source found.
	const unattributed = records.filter(isUnattributed).length;
	if (unattributed > 0)
		io.stderr.write(`socktop: ${unattributedNote(unattributed, result.unattributedCause ?? null)}\n`);
	return 0;
}

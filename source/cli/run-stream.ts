import {parseFilter} from '../filter/filter.js';
import type {PollStore} from '../store/poll-store.js';
import type {Row, Snapshot} from '../store/snapshot.js';
import {createSafeWriter, type Output} from './output.js';
import {recordToJson} from './record-json.js';

/**
 * `socktop --json`: NDJSON events. The first good poll's sockets come as `open`,
 * then each poll's changes as `open` / `close`. Errors go to stderr, once per
 * distinct message. Resolves with the exit code when `signal` aborts or the
 * reader of stdout goes away.
 */
export function runStream(
	store: PollStore,
	filterText: string,
	io: Output,
	signal: AbortSignal,
): Promise<number> {
	const filter = parseFilter(filterText);
	if (!filter.ok) {
		io.stderr.write(`socktop: --filter: ${filter.error}\n`);
		return Promise.resolve(2);
	}
	const out = createSafeWriter(io.stdout);
	return new Promise((resolve) => {
		let started = false;
		let lastError: string | null = null;
		let seen: Snapshot | null = null;

		const finish = (code: number) => {
			unsubscribe();
			store.stop();
			signal.removeEventListener('abort', onAbort);
			resolve(code);
		};
		const onAbort = () => finish(0);

		// Keys whose `open` was printed: a `close` follows exactly those, even when the
		// socket no longer matches the filter (ESTABLISHED → TIME_WAIT under state:estab).
		const shown = new Set<string>();
		const write = (event: 'open' | 'close', row: Row) =>
			out.write(`${JSON.stringify({event, ...recordToJson(row.record)})}\n`);
		const open = (row: Row | undefined) => {
			if (!row || !filter.predicate(row.record)) return;
			shown.add(row.key);
			write('open', row);
		};
		const close = (row: Row | undefined) => {
			if (!row || !shown.delete(row.key)) return;
			write('close', row);
		};

		const onChange = () => {
			const snapshot = store.getSnapshot();
			if (snapshot === seen) return;
			seen = snapshot;
			if (snapshot.error !== null && snapshot.error !== lastError) {
				io.stderr.write(`socktop: ${snapshot.error}${snapshot.stale ? ' (retrying)' : ''}\n`);
			}
			lastError = snapshot.error;
			if (snapshot.error !== null || snapshot.loading) return;
			if (!started) {
				started = true;
				for (const row of snapshot.rows) if (row.status !== 'closed') open(row);
			} else if (snapshot.added.length > 0 || snapshot.removed.length > 0) {
				const byKey = new Map(snapshot.rows.map((row) => [row.key, row]));
				for (const key of snapshot.added) open(byKey.get(key));
				for (const key of snapshot.removed) close(byKey.get(key));
			}
			if (out.closed()) finish(0);
		};

		const unsubscribe = store.subscribe(onChange);
		signal.addEventListener('abort', onAbort, {once: true});
		io.stdout.on('error', () => {
			if (out.closed()) finish(0);
		});
		store.start();
	});
}

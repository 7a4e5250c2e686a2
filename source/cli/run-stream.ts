import {parseFilter} from '../filter/filter.js';
import type {PollStore} from '../store/poll-store.js';
import type {Snapshot} from '../store/snapshot.js';
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

		const emit = (event: 'open' | 'close', key: string, snapshot: Snapshot) => {
			const row = snapshot.rows.find((candidate) => candidate.key === key);
			if (!row || !filter.predicate(row.record)) return;
			out.write(`${JSON.stringify({event, ...recordToJson(row.record)})}\n`);
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
				for (const row of snapshot.rows) if (row.status !== 'closed') emit('open', row.key, snapshot);
			} else {
				for (const key of snapshot.added) emit('open', key, snapshot);
				for (const key of snapshot.removed) emit('close', key, snapshot);
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

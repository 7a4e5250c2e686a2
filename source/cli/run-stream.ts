import {parseFilter} from '../filter/filter.js';
import {hostStatusText} from '../model/host-status.js';
import type {SocketRecord} from '../model/socket-record.js';
import type {PollStore} from '../store/poll-store.js';
import type {Row, Snapshot} from '../store/snapshot.js';
import {createSafeWriter, type Output} from './output.js';
import {
	type CloseReason,
	changeEvent,
	closeEvent,
	helloEvent,
	openEvent,
	syncEvent,
} from './stream-events.js';

/**
 * `socktop --json`: NDJSON events. The first good poll's sockets come as `open`, then
 * each poll's changes as `open`, `change` and `close`, so that a reader who applies them
 * holds exactly the table `--once` would print at that poll (same filter). A socket that
 * starts matching the filter opens, one that stops matching closes (`reason: "unmatched"`).
 * Errors go to stderr, once per distinct message. Resolves with the exit code when
 * `signal` aborts or the reader of stdout goes away.
 */
export function runStream(
	store: PollStore,
	filterText: string,
	io: Output,
	signal: AbortSignal,
	protocol: number | null = null,
): Promise<number> {
	const filter = parseFilter(filterText);
	if (!filter.ok) {
		io.stderr.write(`socktop: --filter: ${filter.error}\n`);
		return Promise.resolve(2);
	}
	const out = createSafeWriter(io.stdout);
	// Asked for by a reader over ssh (SOCKTOP_PROTOCOL, see sources/remote/remote-script.ts):
	// a first line with the stream's version, and a line when the first full table is out.
	if (protocol !== null) out.write(`${helloEvent(protocol)}\n`);
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

		// The sockets the reader holds (printed open, not yet closed), as last printed.
		const shown = new Map<string, SocketRecord>();
		const open = (row: Row) => {
			if (!filter.predicate(row.record)) return;
			shown.set(row.key, row.record);
			out.write(`${openEvent(row)}\n`);
		};
		const close = (row: Row, reason: CloseReason) => {
			if (!shown.delete(row.key)) return;
			out.write(`${closeEvent(row, reason)}\n`);
		};
		const change = (row: Row) => {
			const before = shown.get(row.key);
			if (before === undefined) return open(row);
			if (!filter.predicate(row.record)) return close(row, 'unmatched');
			shown.set(row.key, row.record);
			out.write(`${changeEvent(row, before)}\n`);
		};

		// With --host: a line on stderr each time a host's state changes (live, stale, auth failed…).
		const hostStates = new Map<string, string>();
		const reportHosts = (snapshot: Snapshot) => {
			for (const status of snapshot.hosts ?? []) {
				if (hostStates.get(status.host) === status.state) continue;
				hostStates.set(status.host, status.state);
				io.stderr.write(`socktop: host ${hostStatusText(status, Date.now())}\n`);
			}
		};
		const onChange = () => {
			const snapshot = store.getSnapshot();
			if (snapshot === seen) return;
			seen = snapshot;
			if (snapshot.error !== null && snapshot.error !== lastError) {
				io.stderr.write(`socktop: ${snapshot.error}${snapshot.stale ? ' (retrying)' : ''}\n`);
			}
			lastError = snapshot.error;
			reportHosts(snapshot);
			if (snapshot.error !== null || snapshot.loading) return;
			if (!started) {
				started = true;
				for (const row of snapshot.rows) if (row.status !== 'closed') open(row);
				if (protocol !== null) out.write(`${syncEvent()}\n`);
			} else if (snapshot.added.length > 0 || snapshot.removed.length > 0 || snapshot.changed.length > 0) {
				const byKey = new Map(snapshot.rows.map((row) => [row.key, row]));
				const each = (keys: readonly string[], action: (row: Row) => void) => {
					for (const key of keys) {
						const row = byKey.get(key);
						if (row) action(row);
					}
				};
				each(snapshot.added, open);
				each(snapshot.changed, change);
				each(snapshot.removed, (row) => close(row, 'gone'));
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

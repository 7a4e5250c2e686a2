import {parseFilter} from '../filter/filter.js';
import {hostStatusText} from '../model/host-status.js';
import type {PollStore} from '../store/poll-store.js';
import type {Snapshot} from '../store/snapshot.js';
import {createEventTracker} from '../store/socket-events.js';
import {createSafeWriter, type Output} from './output.js';
import {eventLine, helloEvent, syncEvent} from './stream-events.js';

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
		let synced = false;
		let lastError: string | null = null;
		let seen: Snapshot | null = null;
		const tracker = createEventTracker(filter.predicate);

		const finish = (code: number) => {
			unsubscribe();
			store.stop();
			signal.removeEventListener('abort', onAbort);
			resolve(code);
		};
		const onAbort = () => finish(0);

		// With --host: a line on stderr each time a host's state or mode changes (live, stale,
		// auth failed…; `ss, socktop syncing` then `socktop` as a remote socktop catches up).
		const hostStates = new Map<string, string>();
		const reportHosts = (snapshot: Snapshot) => {
			for (const status of snapshot.hosts ?? []) {
				const seenAs = `${status.state} ${status.mode}`;
				if (hostStates.get(status.host) === seenAs) continue;
				hostStates.set(status.host, seenAs);
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
			for (const event of tracker.next(snapshot)) out.write(`${eventLine(event)}\n`);
			if (protocol !== null && !synced && snapshot.error === null && !snapshot.loading) {
				synced = true;
				out.write(`${syncEvent()}\n`);
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

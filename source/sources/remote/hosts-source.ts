// Many hosts as one SocketSource: this machine's own source (unless --no-local) and one
// HostLink per `--host`. Each link keeps its host's table current over its own long-lived
// ssh channel; a read returns the union, so the poll store, the differ, row keys (which
// include the host), `--json` events and the dashboard work unchanged. A host that fails
// never stalls the others: only the first read waits, and for each host only until its
// first table or its first failure (bounded by the caller's timeout).
import {type Clock, systemClock} from '../../model/clock.js';
import {errorMessage} from '../../model/error-message.js';
import {HOSTS_ONLY_NAME, type HostStatus} from '../../model/host-status.js';
import {LOCAL_HOST, type SocketRecord, type SourceResult} from '../../model/socket-record.js';
import {type ReadHints, type SocketSource, SourceError} from '../source.js';
import {HostLink, type LinkOptions} from './host-link.js';

export interface HostsSourceOptions extends LinkOptions {
	/** This machine's source, or null with --no-local. */
	readonly local: SocketSource | null;
	readonly hosts: readonly string[];
}

/** A SocketSource over many hosts, with their states; `close()` ends every ssh channel. */
export interface HostsSource extends SocketSource {
	hostStatuses(): readonly HostStatus[];
	/** The link of a remote host (for actions on its rows), or undefined. */
	link(host: string): HostLink | undefined;
	close(): void;
}

/** The part of the interval a poll waits for this machine's read once it has a table. */
const LOCAL_GRACE = 0.5;

/** Waits for WORK, at most MS on CLOCK (the timer is cleared when the work ends first). */
async function atMost(clock: Clock, work: Promise<unknown>, ms: number): Promise<void> {
	let timer: unknown;
	try {
		await Promise.race([work, new Promise<void>((resolve) => (timer = clock.setTimeout(resolve, ms)))]);
	} finally {
		clock.clearTimeout(timer);
	}
}

export function createHostsSource(options: HostsSourceOptions): HostsSource {
	const links = new Map(options.hosts.map((dest) => [dest, new HostLink(dest, options)] as const));
	let started = false;
	let last: {
		local: SourceResult | null;
		versions: string;
		localState: string;
		result: SourceResult;
	} | null = null;
	const clock = options.clock ?? systemClock;
	// This machine's read runs on its own, not under a poll's deadline: a slow read of a busy
	// machine (an owner walk of 100k fds under load took longer than the 2 s poll bound) must
	// not fail the poll and so freeze every remote host's rows and states with it. A poll waits
	// for it at most LOCAL_GRACE of the interval, then shows its last table, marked stale.
	const localAbort = new AbortController();
	let lastLocal: SourceResult | null = null;
	let localPending: Promise<void> | null = null;
	let localStarted = 0;
	let localTrouble: {message: string; since: number} | null = null;
	const startLocal = (hints: ReadHints | undefined) => {
		if (options.local === null || localPending !== null || localAbort.signal.aborted) return;
		localStarted = clock.now();
		localPending = options.local
			.read(localAbort.signal, hints)
			.then(
				(result) => {
					lastLocal = result;
					localTrouble = null;
				},
				(error: unknown) => {
					if (!localAbort.signal.aborted)
						localTrouble = {message: errorMessage(error), since: localTrouble?.since ?? clock.now()};
				},
			)
			.finally(() => {
				localPending = null;
			});
	};
	const localStatus = (): HostStatus | null => {
		if (options.local === null) return null;
		const slow =
			localPending !== null && lastLocal !== null && clock.now() - localStarted > options.intervalMs;
		const trouble =
			localTrouble ??
			(slow
				? {
						message: `reading this machine's sockets for ${Math.round((clock.now() - localStarted) / 1000)} s`,
						since: localStarted,
					}
				: null);
		return {
			host: LOCAL_HOST,
			state: trouble === null ? 'live' : 'stale',
			mode: options.local.name,
			since: trouble?.since ?? 0,
			retryAt: null,
			message: trouble?.message ?? null,
			command: null,
			pids: true,
		};
	};
	const hostStatuses = () => {
		const list = [...links.values()].map((link) => link.status());
		const local = localStatus();
		return local === null ? list : [local, ...list];
	};

	return {
		name: options.local?.name ?? HOSTS_ONLY_NAME,
		hostStatuses,
		link: (host) => links.get(host),
		close() {
			localAbort.abort();
			for (const link of links.values()) link.stop();
		},
		async read(signal: AbortSignal, hints?: ReadHints): Promise<SourceResult> {
			if (!started) {
				started = true;
				for (const link of links.values()) link.start();
			}
			startLocal(hints);
			const aborted = new Promise((resolve) => signal.addEventListener('abort', resolve, {once: true}));
			const pending = localPending ?? Promise.resolve();
			await Promise.all([
				// The first table is waited for (bounded by the poll's own first-read deadline); later
				// ones for at most LOCAL_GRACE of the interval.
				Promise.race([
					lastLocal === null ? pending : atMost(clock, pending, options.intervalMs * LOCAL_GRACE),
					aborted,
				]),
				Promise.race([Promise.all([...links.values()].map((link) => link.settled)), aborted]),
			]);
			signal.throwIfAborted();
			// The first local read failed with no remote host to show: the poll fails as it always did.
			if (options.local !== null && lastLocal === null && localTrouble !== null && links.size === 0)
				throw new SourceError('EXIT', localTrouble.message);
			const local = lastLocal;
			const versions = [...links.values()].map((link) => link.version).join(',');
			// Every host's state, once per read; the local one's changes (stale, why) make a new result.
			const statuses = hostStatuses();
			const localState = options.local === null ? '' : JSON.stringify(statuses[0]);
			// Nothing changed anywhere: the same object, so the differ stops at once.
			if (
				last !== null &&
				last.local === local &&
				last.versions === versions &&
				last.localState === localState
			)
				return last.result;
			const records: SocketRecord[] = local === null ? [] : [...local.records];
			const warnings: string[] = local === null ? [] : [...local.warnings];
			let skippedLines = local?.skippedLines ?? 0;
			for (const link of links.values()) {
				records.push(...link.records());
				skippedLines += link.skippedLines;
			}
			for (const status of statuses)
				if (status.state !== 'live' && status.state !== 'connecting')
					warnings.push(
						`host ${status.host}: ${status.state}${status.message ? `: ${status.message}` : ''}${status.command ? ` (run once by hand: ${status.command})` : ''}`,
					);
			if (
				local === null &&
				options.local === null &&
				links.size > 0 &&
				statuses.every((status) => status.state !== 'live' && status.state !== 'stale')
			)
				// Each host's state goes with the error: the header and the help screen name every
				// host's reason, where the footer has room for one (host-failures.ts).
				throw new SourceError('EXIT', warnings.join('; ') || 'no host answered', statuses);
			const result: SourceResult = {
				records,
				unattributed: local?.unattributed ?? 0,
				unattributedCause: local?.unattributedCause ?? null,
				skippedLines,
				warnings,
				hosts: statuses,
				// This machine's namespaces' own addresses (scan targets of its container rows). A
				// remote socktop's are not carried: its --json stream has records only, and
				// namespace ids are per machine (remote rows keep the remote prefill).
				...(local?.netnsAddresses ? {netnsAddresses: local.netnsAddresses} : {}),
			};
			last = {local, versions, localState, result};
			return result;
		},
	};
}

// `socktop wait`: polls the socket table until the condition holds (exit 0), the timeout
// passes (exit 1, what was seen on stderr), or Ctrl-C (130). See wait-match.ts for which
// sockets count and docs/waiting-for-ports.md for why the table, not a connect.
import {formatDuration} from '../model/duration.js';
import type {SocketOwner} from '../model/socket-record.js';
import type {WaitArgs} from './wait-args.js';
import {DEFAULT_WAIT_INTERVAL_MS, NETSTAT_WAIT_INTERVAL_MS} from './wait-args.js';
import {type Coverage, coverage, describeSocket, isCandidate, type WaitSocket} from './wait-match.js';
import type {WaitTable} from './wait-table.js';

export interface WaitDeps {
	readonly table: WaitTable;
	readonly stdout: {write(text: string): unknown};
	readonly stderr: {write(text: string): unknown};
	/** Aborted by Ctrl-C. */
	readonly signal: AbortSignal;
	/** Effective uid (null off POSIX). */
	readonly uid: number | null;
	readonly now?: () => number;
	/** Resolves after MS, or early when SIGNAL aborts. */
	readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
	readonly connect?: (
		host: string,
		port: number,
		timeoutMs: number,
		signal: AbortSignal,
	) => Promise<string | null>;
}

/** Longest wait for one --connect attempt. */
const CONNECT_ATTEMPT_MS = 1000;

type Ownership = 'owned' | 'other' | 'unknown';

interface Observation {
	readonly holds: boolean;
	/** The sockets on the port that satisfy the addresses, with where to connect. */
	readonly matching: readonly {socket: WaitSocket; connectTo: string; ownership: Ownership}[];
	/** On the port, but at other addresses (or a v6-only `::` for an IPv4 address). */
	readonly elsewhere: readonly WaitSocket[];
	/** Why the last --connect failed. */
	readonly connectError: string | null;
	readonly accepted: string | null;
}

const realSleep = (ms: number, signal: AbortSignal) =>
	new Promise<void>((resolve) => {
		if (signal.aborted) return resolve();
		const timer = setTimeout(done, ms);
		function done() {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		}
		signal.addEventListener('abort', done, {once: true});
	});

export async function runWait(args: WaitArgs, deps: WaitDeps): Promise<number> {
	const {table, signal} = deps;
	const now = deps.now ?? (() => performance.now());
	const sleep = deps.sleep ?? realSleep;
	const started = now();
	const intervalMs =
		args.intervalMs ?? (table.kind === 'procfs' ? DEFAULT_WAIT_INTERVAL_MS : NETSTAT_WAIT_INTERVAL_MS);
	const v6only = new Map<number, boolean>();
	const condition = {proto: args.proto, port: args.port, targets: args.targets};
	const isRoot = deps.uid === 0;
	let noted = false;
	const inNetns =
		args.netns === 'host'
			? ''
			: args.netns === 'all'
				? ' in any network namespace'
				: ` in network namespace ${args.netns}`;
	const where = `${args.proto} port ${args.port}${args.addrText ? ` at ${args.addrText}` : ''}${inNetns}`;

	const coverageOf = (socket: WaitSocket): Coverage =>
		coverage(socket, condition, (s) =>
			s.inode === null ? table.defaultV6only : (v6only.get(s.inode) ?? undefined),
		);

	/** Who holds each matching socket, as far as --process is concerned. */
	function ownershipOf(sockets: readonly WaitSocket[]): Ownership[] {
		const name = args.process;
		if (name === null) return sockets.map(() => 'owned');
		const inodes = new Set(sockets.flatMap((s) => (s.inode === null || s.owners !== null ? [] : [s.inode])));
		const found = inodes.size > 0 ? table.holders(inodes, name) : null;
		return sockets.map((socket): Ownership => {
			const owners =
				socket.owners ?? (socket.inode !== null ? found?.owners.get(socket.inode) : undefined) ?? [];
			if (owners.some((owner) => owner.process === name)) return 'owned';
			// Not root: another user's socket shows no owner (netstat), or its holders' fd links
			// cannot be read (procfs). Either way, NAME may hold it.
			const foreign = socket.uid !== null && socket.uid !== deps.uid;
			if (isRoot || !foreign) return 'other';
			if (socket.owners !== null) return owners.length === 0 ? 'unknown' : 'other';
			return (found?.hidden.length ?? 0) > 0 ? 'unknown' : 'other';
		});
	}

	async function observe(): Promise<Observation & {spanned: boolean}> {
		const {sockets, spanned} = await table.read(args.proto, signal);
		const candidates = sockets.filter((socket) => isCandidate(socket, condition));
		let covered = candidates.map((socket) => ({socket, coverage: coverageOf(socket)}));
		if (covered.some((c) => c.coverage.kind === 'ask-v6only')) {
			const flags = await table.v6only(args.proto, args.port, signal);
			for (const {socket, coverage} of covered)
				if (coverage.kind === 'ask-v6only' && socket.inode !== null)
					v6only.set(socket.inode, flags.get(socket.inode) ?? table.defaultV6only);
			covered = candidates.map((socket) => ({socket, coverage: coverageOf(socket)}));
		}
		const hits = covered.flatMap((c) =>
			c.coverage.kind === 'yes' ? [{socket: c.socket, connectTo: c.coverage.connectTo}] : [],
		);
		const elsewhere = covered.flatMap((c) => (c.coverage.kind === 'yes' ? [] : [c.socket]));
		const ownership = ownershipOf(hits.map((hit) => hit.socket));
		const matching = hits.map((hit, i) => ({...hit, ownership: ownership[i]!}));
		if (!noted && args.process !== null) {
			const unknown = matching.find((m) => m.ownership === 'unknown');
			if (unknown) {
				noted = true;
				deps.stderr.write(
					`socktop: ${describeSocket(unknown.socket)} belongs to uid ${unknown.socket.uid}: without root its process cannot be seen, so whether ${args.process} holds it is unknown (run with sudo); still waiting\n`,
				);
			}
		}
		const owned = matching.filter((m) => m.ownership === 'owned');
		if (args.gone) {
			const holds = owned.length === 0 && !matching.some((m) => m.ownership === 'unknown');
			return {holds, matching, elsewhere, connectError: null, accepted: null, spanned};
		}
		if (owned.length === 0 || !args.connect)
			return {holds: owned.length > 0, matching, elsewhere, connectError: null, accepted: null, spanned};
		const connect = deps.connect ?? (await import('./wait-connect.js')).tryConnect;
		let connectError: string | null = null;
		for (const target of new Set(owned.map((m) => m.connectTo))) {
			connectError = await connect(target, args.port, CONNECT_ATTEMPT_MS, signal);
			if (connectError === null)
				return {holds: true, matching, elsewhere, connectError, accepted: target, spanned};
		}
		return {holds: false, matching, elsewhere, connectError, accepted: null, spanned};
	}

	if (args.verbose) {
		// One line that fits 80 columns in the common case (a terminal, where it is always shown).
		const until = args.timeoutMs === null ? '' : ` (up to ${formatDuration(args.timeoutMs)})`;
		const what = args.gone
			? `until nothing${args.process ? ` of ${args.process}` : ''} listens on ${where}`
			: args.process
				? `for ${args.process} to listen on ${where}`
				: `for ${where} to listen`;
		deps.stderr.write(`socktop: waiting ${what}${until}\n`);
	}
	let last: Observation | null = null;
	for (;;) {
		if (signal.aborted) return 130;
		let seen = await observe();
		// Listeners spread over several reads of the table: a socket can be skipped when another
		// closes between two reads. An absence is confirmed by a second read.
		if (args.gone && seen.holds && seen.spanned && !signal.aborted) seen = await observe();
		if (signal.aborted) return 130;
		last = seen;
		const elapsed = now() - started;
		if (seen.holds) {
			if (!args.quiet)
				deps.stdout.write(`${successLine(args, seen, where)} (waited ${formatDuration(elapsed)})\n`);
			return 0;
		}
		if (args.timeoutMs !== null && elapsed >= args.timeoutMs) break;
		const pause = args.timeoutMs === null ? intervalMs : Math.min(intervalMs, args.timeoutMs - elapsed);
		await sleep(Math.max(0, pause), signal);
	}
	deps.stderr.write(
		`socktop: timed out after ${formatDuration(now() - started)}: ${failureLine(args, last, where, table)}\n`,
	);
	return 1;
}

const ownerText = (owners: readonly SocketOwner[]) =>
	owners.map((owner) => `${owner.process} (pid ${owner.pid})`).join(', ');

function successLine(args: WaitArgs, seen: Observation, where: string): string {
	if (args.gone) return `nothing${args.process ? ` of ${args.process}` : ''} listens on ${where}`;
	const hit = seen.matching.find((m) => m.ownership === 'owned')!;
	const by = args.process ? `, held by ${args.process}` : '';
	if (seen.accepted !== null)
		return `${describeSocket(hit.socket)} is listening${by} and accepted a connection at ${seen.accepted}`;
	return `${describeSocket(hit.socket)} is listening${by}`;
}

/** What was seen at the last read, for the timeout's one line. */
function failureLine(args: WaitArgs, seen: Observation | null, where: string, table: WaitTable): string {
	if (seen === null) return `${where}: no read of the socket table finished`;
	const list = (sockets: readonly WaitSocket[]) =>
		sockets
			.slice(0, 3)
			.map((socket) => withHolders(socket, table))
			.join(', ') + (sockets.length > 3 ? ` and ${sockets.length - 3} more` : '');
	if (args.gone) {
		const still = seen.matching.filter((m) => m.ownership !== 'other').map((m) => m.socket);
		const unknown = seen.matching.some((m) => m.ownership === 'unknown');
		return `still listening on ${where}: ${list(still)}${unknown ? ' (its owner is unknown without root)' : ''}`;
	}
	if (seen.matching.length === 0) {
		const other = seen.elsewhere.length > 0 ? ` (on the port: ${list(seen.elsewhere)})` : '';
		return `nothing listens on ${where}${other}`;
	}
	const owned = seen.matching.filter((m) => m.ownership === 'owned');
	if (owned.length > 0 && seen.connectError !== null)
		return `${describeSocket(owned[0]!.socket)} is listening but a connection to it failed (${seen.connectError})`;
	if (seen.matching.some((m) => m.ownership === 'unknown'))
		return `${list(seen.matching.map((m) => m.socket))} is listening, but whether ${args.process} holds it is unknown without root`;
	return `${list(seen.matching.map((m) => m.socket))} is listening, but not held by ${args.process}`;
}

/** `tcp 0.0.0.0:80 (nginx (pid 12))`, the holders looked up once, at the end. */
function withHolders(socket: WaitSocket, table: WaitTable): string {
	const text = describeSocket(socket);
	let owners = socket.owners;
	if (owners === null && socket.inode !== null)
		owners = table.holders(new Set([socket.inode]), null)?.owners.get(socket.inode) ?? null;
	return owners && owners.length > 0 ? `${text} by ${ownerText(owners)}` : text;
}

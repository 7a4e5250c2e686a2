// The default Linux source: reads /proc/net/{tcp,tcp6,udp,udp6} directly and
// finds owners through /proc/<pid>/fd, with no child process.
import {endianness} from 'node:os';
import {setImmediate as nextTurn} from 'node:timers/promises';
import type {UnattributedCause} from '../../model/attribution.js';
import {
	LOCAL_HOST,
	type SocketOwner,
	type SocketRecord,
	type SourceResult,
} from '../../model/socket-record.js';
import {createUserNames} from '../../os/users.js';
import {type ReadHints, type SocketSource, SourceError, sourceErrorCodeOf, toSourceError} from '../source.js';
import {type ContainerNames, createContainerNames} from './container-names.js';
import {nodeContainerNamesFs, podmanStores} from './container-names-fs.js';
import type {FdWalk} from './fd-walk.js';
import {readNamedNetns} from './named-netns-read.js';
import {type NetnsFs, nodeNetnsFs} from './netns-census.js';
import {tablesToRead} from './netns-sockstat.js';
import type {NamespaceTable} from './netns-tables.js';
import {createNetnsView, type NetnsChoice} from './netns-view.js';
import {ownersStand} from './owners-stand.js';
import {parseInChunks} from './parse-in-chunks.js';
import {parseFibTrieLocal, parseIfInet6Addresses} from './parse-netns-addresses.js';
import {
	isLinkLocal,
	type ProcNetEntry,
	type ProcNetFile,
	parseIfInet6,
	withScopes,
} from './parse-proc-net.js';
import {nodeProcFs, type ProcFs, releaseReadBuffer, reserveReadBuffer} from './proc-fs.js';
import {createProcessOwners} from './process-owners.js';
import {createPublishedPorts} from './published-ports.js';
import {countSockets} from './socket-count.js';

export interface ProcfsSourceOptions {
	/** Where procfs is mounted. */
	readonly root?: string;
	readonly fs?: ProcFs;
	readonly now?: () => number;
	readonly passwdPath?: string;
	/** Owners are re-read from /proc/<pid>/fd at least this often (see process-owners.ts). */
	readonly rewalkMs?: number;
	/** Effective uid of this process; decides why sockets can be unattributed (see attribution.ts). */
	readonly euid?: number | null;
	/** Which network namespaces (`--netns`): all (default), host, an id or an `ip netns` name. */
	readonly netns?: NetnsChoice;
	/**
	 * How to take the namespace census. Default: the real one on the real /proc, none (this
	 * namespace only) on a fake tree that has no namespaces to offer.
	 */
	readonly netnsFs?: NetnsFs | null;
	/** Where `ip netns` bind-mounts named namespaces. */
	readonly netnsDir?: string;
	/** The other namespaces' share of a poll's time (netns-cadence.ts). */
	readonly netnsShare?: number;
	/** A full owner walk already under way (owner-prefetch.ts), taken as the first one. */
	readonly ownerSeed?: () => Promise<FdWalk | null>;
	/**
	 * Read once (`--once`): nothing is kept for a next read, neither the tables' text (for
	 * spotting an unchanged poll) nor the read buffer. At 20,000 sockets both are ≈3 MB that
	 * stayed alive through the formatting of the table, where `--once` reaches its peak memory.
	 */
	readonly oneShot?: boolean;
	/**
	 * How to read a named namespace no process is in (six texts, named-netns-read.ts), or null.
	 * Default: nsenter as root on the real /proc, none otherwise.
	 */
	readonly readNamedNetns?: ((mount: string, signal: AbortSignal) => Promise<string[]>) | null;
	/** Runtime names for container labels; default: the real state files on the real /proc, none otherwise. */
	readonly containerNames?: ContainerNames | null;
}

// IPv4 files exist whenever /proc/net does; the IPv6 ones only when the kernel has IPv6.
const FILES: readonly {file: ProcNetFile; optional: boolean}[] = [
	{file: 'tcp', optional: false},
	{file: 'tcp6', optional: true},
	{file: 'udp', optional: false},
	{file: 'udp6', optional: true},
];

/** A namespace's own socket counts, read before its tables (netns-sockstat.ts). */
const SOCKSTAT_FILES = ['sockstat', 'sockstat6'] as const;

/** A namespace's own addresses: local IPv4 in fib_trie, IPv6 in if_inet6. */
const ADDRESS_FILES = ['fib_trie', 'if_inet6'] as const;

export function createProcfsSource(options: ProcfsSourceOptions = {}): SocketSource {
	const {root = '/proc', fs = nodeProcFs, now = Date.now, passwdPath = '/etc/passwd'} = options;
	const euid = options.euid !== undefined ? options.euid : (process.geteuid?.() ?? null);
	const bigEndian = endianness() === 'BE';
	// Without root, other users' processes hide their fds; as root, only a PID namespace,
	// a sandbox or hidepid can (the owners' /proc/<pid>/fd cannot be listed or read).
	const unattributedCause: UnattributedCause | null =
		euid === null ? null : euid === 0 ? 'hidden-from-root' : 'not-root';
	// A big table is read into a buffer sized for it at once (proc-fs.ts): sockstat's count
	// times the longest line (an IPv6 one, 178 bytes).
	if (fs === nodeProcFs) reserveReadBuffer(Math.min((countSockets(root) ?? 0) * 180, 64 << 20));
	const owners = createProcessOwners({root, fs, now, rewalkMs: options.rewalkMs, seed: options.ownerSeed});
	const users = createUserNames({path: passwdPath, readFile: (path) => fs.readFile(path), now});

	const readText = async (file: ProcNetFile, optional: boolean, netDir = `${root}/net`) => {
		const path = `${netDir}/${file}`;
		try {
			return await fs.readFile(path);
		} catch (error) {
			const code = sourceErrorCodeOf(error);
			if (optional && code === 'ENOENT') return '';
			if (code === 'ENOENT') throw new SourceError(code, `${path} not found: is /proc mounted?`);
			if (code === 'EACCES') throw new SourceError(code, `cannot read ${path}`);
			throw toSourceError(error);
		}
	};

	// The last plain read (no hints): its tables' text and what it returned. When the kernel
	// prints the very same text again and no full walk is due, nothing can have changed, and
	// the same result object is returned (the differ then skips it: record-differ.ts). At
	// 20,000 sockets that poll costs the kernel's text (≈40 ms) instead of ≈100 ms more of
	// parsing, records and diffing.
	// hostOnly: its records are this namespace's table alone (no other namespace's after them).
	let last: {texts: readonly string[]; result: SourceResult; hostOnly: boolean} | null = null;

	const parseTexts = async (
		texts: readonly string[],
		netDir: string,
		signal: AbortSignal,
		ifInet6Text?: string,
	) => {
		const tables = [];
		for (const [i, {file}] of FILES.entries())
			tables.push(
				texts[i] === ''
					? {entries: [], skippedLines: 0}
					: await parseInChunks(texts[i]!, file, {bigEndian}, signal),
			);
		signal.throwIfAborted();
		const entries = await scoped(
			withoutRepeats(tables.flatMap((table) => table.entries)),
			netDir,
			ifInet6Text,
		);
		return {entries, skippedLines: tables.reduce((sum, table) => sum + table.skippedLines, 0)};
	};
	// Another namespace's tables, and its own addresses after them (for scan targets that reach
	// it: parse-netns-addresses.ts). Those two are optional: a namespace without them only has no
	// scan target to offer.
	// A table its namespace's sockstat counts say is empty is not read: each `tcp`/`tcp6` read
	// walks the host-wide hash (netns-sockstat.ts). Unreadable counts: every table is read.
	const readNamespaceTexts = async (netDir: string, signal: AbortSignal) => {
		const [sockstat = '', sockstat6 = ''] = await Promise.all(
			SOCKSTAT_FILES.map((file) => fs.readFile(`${netDir}/${file}`).catch(() => '')),
		);
		const worth = tablesToRead(sockstat, sockstat6);
		const texts: string[] = [];
		for (const {file, optional} of FILES) {
			texts.push(worth[file] ? await readText(file, optional, netDir) : '');
			signal.throwIfAborted();
		}
		for (const file of ADDRESS_FILES) texts.push(await fs.readFile(`${netDir}/${file}`).catch(() => ''));
		return texts;
	};
	const parseNamespaceTexts = async (texts: readonly string[], netDir: string, signal: AbortSignal) => {
		const [fibTrie = '', ifInet6 = ''] = texts.slice(FILES.length);
		// Scopes from the if_inet6 already read (a namespace read by a spawn has no netDir).
		const parsed = await parseTexts(texts.slice(0, FILES.length), netDir, signal, ifInet6);
		return {...parsed, addresses: {ipv4: parseFibTrieLocal(fibTrie), ipv6: parseIfInet6Addresses(ifInet6)}};
	};
	const netnsFs =
		options.netnsFs !== undefined
			? options.netnsFs
			: fs === nodeProcFs && root === '/proc'
				? nodeNetnsFs
				: null;
	const netnsDir = options.netnsDir ?? '/run/netns';
	const readNamed =
		options.readNamedNetns !== undefined
			? options.readNamedNetns
			: netnsFs === nodeNetnsFs && euid === 0
				? readNamedNetns
				: null;
	const containerNames =
		options.containerNames !== undefined
			? options.containerNames
			: netnsFs === nodeNetnsFs
				? createContainerNames({fs: nodeContainerNamesFs, podmanRoots: podmanStores(process.env)})
				: null;
	const choice = options.netns ?? 'all';
	const view = createNetnsView({
		containerNames,
		root,
		fs,
		netnsFs,
		privileged: euid === 0,
		now,
		choice,
		netnsDir,
		share: options.netnsShare,
		readNamed: readNamed === null ? null : (name, signal) => readNamed(`${netnsDir}/${name}`, signal),
		readTexts: readNamespaceTexts,
		parse: parseNamespaceTexts,
	});

	const published = createPublishedPorts(root, fs);

	const readAll = async (
		signal: AbortSignal,
		ownersWanted?: (record: SocketRecord) => boolean,
		ownersLater = false,
		order?: ReadHints['order'],
	): Promise<SourceResult> => {
		// One after the other with a turn of the event loop between them (each read is
		// synchronous: see proc-fs.ts); when several fail, the first in FILES order (tcp before
		// udp) is reported, so the same fault gives the same message.
		const started = performance.now();
		const settled: PromiseSettledResult<string>[] = [];
		for (const [i, {file, optional}] of FILES.entries()) {
			const [outcome] = await Promise.allSettled([readText(file, optional)]);
			// The same text as last time: that one is kept, this one let go before the turn below.
			// Why: a 2.9 MB table text (10,000 connections) still held during the turn outlived a
			// young collection and was promoted, and each idle poll's copy then stayed in the old
			// generation until the next full collection: +3 MB every 2 s, up to +20 MB between
			// heap-trim's collections (docs/memory.md, 2026-12-01).
			const kept = last?.texts[i];
			settled.push(
				outcome!.status === 'fulfilled' && kept !== undefined && outcome!.value === kept
					? {status: 'fulfilled', value: kept}
					: outcome!,
			);
			await nextTurn();
		}
		const texts = settled.map((outcome) => {
			if (outcome.status === 'rejected') throw outcome.reason;
			return outcome.value;
		});
		signal.throwIfAborted();
		const fullWalkDue = owners.fullWalkDue();
		const othersRead = view.readOthers(performance.now() - started, fullWalkDue, signal);
		// With nothing to compare the text with (the first read, `--once`) and this namespace
		// shown whatever the census says, its tables are parsed while the others are read: a
		// namespace no process is in is read through a spawn, 0.1–0.2 s in which this thread
		// only waited (docs/cold-read.md, sixth pass).
		const early = last === null && (choice === 'all' || choice === 'host');
		const [others, hostEarly] = await Promise.all([
			othersRead,
			early ? parseTexts(texts, `${root}/net`, signal) : null,
		]);
		const plain = ownersWanted === undefined && !ownersLater;
		if (
			plain &&
			last &&
			!fullWalkDue &&
			!others.changed &&
			texts.every((text, i) => text === last!.texts[i])
		) {
			// The records are the same; only the cadence's note on their age may differ.
			if (!sameWarnings(last.result.warnings, others.warnings))
				last = {...last, texts, result: {...last.result, warnings: others.warnings}};
			return last.result;
		}
		// The owners' walk due again (every 30 s) on a table whose text has not changed: the
		// walk alone, and the last records stand when it found the owners they have. Re-parsing
		// and re-making 20,000 records for the same answer was what made an idle dashboard's
		// RSS jump by 10–15 MB every 30 s at 10,000 connections (docs/memory.md, 2026-12-01).
		if (
			plain &&
			last?.hostOnly &&
			fullWalkDue &&
			!others.changed &&
			others.tables.length === 0 &&
			texts.every((text, i) => text === last!.texts[i])
		) {
			const kept = last;
			const found = await owners.resolve(
				kept.result.records.map((record) => record.inode ?? 0),
				signal,
			);
			signal.throwIfAborted();
			const where = whereMemo(view.where);
			if (ownersStand(kept.result.records, found, (owners) => where(null, owners))) {
				if (!sameWarnings(kept.result.warnings, others.warnings))
					last = {...kept, result: {...kept.result, warnings: others.warnings}};
				return last!.result;
			}
			// Some owner changed: the records are made again below (the walk is done, not repeated).
		}
		const host = !others.hostWanted
			? {entries: [], skippedLines: 0}
			: (hostEarly ?? (await parseTexts(texts, `${root}/net`, signal)));
		// Host entries as they are, the other namespaces' after them with their table alongside
		// (at 20,000 sockets, no wrapper object per entry).
		let entries: readonly ProcNetEntry[] = host.entries;
		let tableAt: (i: number) => NamespaceTable | null = () => null;
		if (others.tables.length > 0) {
			const all = [...host.entries];
			const tables: (NamespaceTable | null)[] = new Array(all.length).fill(null);
			for (const table of others.tables)
				for (const entry of table.entries) {
					all.push(entry);
					tables.push(table);
				}
			entries = all;
			tableAt = (i) => tables[i]!;
		}
		if (order) {
			// The caller's order now, before the owner lookup (ReadHints.order): on `--once`'s
			// main thread this runs while the walk's worker is still reading links.
			const sorted = sortedInOrder(entries, tableAt, order);
			entries = sorted.entries;
			tableAt = sorted.tableAt;
		}
		const names = await users.lookup(entries.map((entry) => entry.uid));
		const user = (entry: ProcNetEntry) => names.get(entry.uid) ?? null;
		const where = whereMemo(view.where);
		// Tables only (ReadHints.ownersLater): no walk of /proc/<pid>/fd at all this time.
		const wanted = ownersLater
			? []
			: ownersWanted === undefined
				? entries
				: entries.filter((entry, i) =>
						ownersWanted(toRecord(entry, NO_OWNERS, user(entry), where(tableAt(i), NO_OWNERS))),
					);
		// No record whose owners matter (a filter that rejects every socket on other fields): no walk.
		const ownersByInode =
			wanted.length === 0
				? new Map<number, readonly SocketOwner[]>()
				: await owners.resolve(
						wanted.map((entry) => entry.inode),
						signal,
					);
		signal.throwIfAborted();
		let unattributed = 0; // among the records whose owners matter
		// Every record's owners matter (no filter): counted in the loop that makes the records,
		// not in a second pass of 20,000 lookups at `--once`'s serial end.
		const countAll = wanted === entries;
		if (!countAll)
			for (const entry of wanted) if (entry.inode !== 0 && !ownersByInode.has(entry.inode)) unattributed++;
		const records = entries.map((entry, i) => {
			const owned = ownersByInode.get(entry.inode);
			if (countAll && owned === undefined && entry.inode !== 0) unattributed++;
			const found = owned ?? NO_OWNERS;
			return toRecord(entry, found, user(entry), where(tableAt(i), found));
		});
		const result: SourceResult = {
			records,
			unattributed,
			unattributedCause,
			...(ownersLater ? {ownersPending: true} : {}),
			...(order ? {orderedBy: order} : {}),
			skippedLines: others.tables.reduce((sum, table) => sum + table.skippedLines, host.skippedLines),
			warnings: others.warnings,
			netnsAddresses: published.attach(
				records,
				others.tables.map(({namespace, addresses}) => ({netns: namespace.id, ...addresses})),
			),
		};
		last = plain && !options.oneShot ? {texts, result, hostOnly: others.tables.length === 0} : null;
		if (options.oneShot && fs === nodeProcFs) releaseReadBuffer(); // every file is read
		return result;
	};

	/** Link-local addresses get their `%interface`; /proc/net/if_inet6 is read only when there are some. */
	const scoped = async (entries: ProcNetEntry[], netDir: string, known?: string): Promise<ProcNetEntry[]> => {
		if (!entries.some((entry) => entry.family === 6 && isLinkLocal(entry.localAddress))) return entries;
		let text: string;
		try {
			text = known || (await fs.readFile(`${netDir}/if_inet6`));
		} catch {
			return entries; // no IPv6 configuration to read: addresses stay without scope
		}
		return withScopes(entries, parseIfInet6(text));
	};

	return {
		name: 'procfs',
		async read(signal, hints) {
			try {
				signal.throwIfAborted();
				return await untilAborted(
					readAll(signal, hints?.ownersWanted, hints?.ownersLater, hints?.order),
					signal,
				);
			} catch (error) {
				if (signal.aborted)
					throw new SourceError('TIMEOUT', 'reading /proc did not finish in time and was stopped');
				throw toSourceError(error);
			}
		},
	};
}

function toRecord(
	entry: ProcNetEntry,
	owners: SocketRecord['owners'],
	user: string | null,
	where: Pick<SocketRecord, 'netns' | 'container' | 'containerId'>,
): SocketRecord {
	// No inode: TIME_WAIT, NEW_SYN_RECV or orphaned. No process holds it, so it has no
	// owner; the uid the kernel prints for it (0 for TIME_WAIT) is not root's.
	const held = entry.inode !== 0;
	// makeRecord's record, made here in one object: through makeRecord each of 20,000
	// records was two (its fields, then the record) at `--once`'s serial end (docs/cold-read.md,
	// fifth pass). test/sources/procfs/procfs-record-shape.test.ts holds the two to the same.
	const first = owners[0];
	const record: SocketRecord = {
		proto: entry.proto,
		family: entry.family,
		localAddress: entry.localAddress,
		localPort: entry.localPort,
		remoteAddress: entry.remoteAddress,
		remotePort: entry.remotePort,
		state: entry.state,
		pid: first ? first.pid : null,
		process: first ? first.process : null,
		owners,
		uid: held ? entry.uid : null,
		user: held ? user : null,
		inode: held ? entry.inode : null,
		host: LOCAL_HOST,
		netns: where.netns ?? null,
		container: where.container ?? null,
	};
	return where.containerId ? {...record, containerId: where.containerId} : record;
}

const NO_OWNERS: readonly SocketOwner[] = Object.freeze([]);

type Where = Pick<SocketRecord, 'netns' | 'container'>;

/**
 * `where` once per namespace table and owners' array: the walk shares one array among all
 * the sockets a process alone holds, so 20,000 records make a handful of calls.
 */
function whereMemo(
	where: (table: NamespaceTable | null, owners: readonly SocketOwner[]) => Where,
): (table: NamespaceTable | null, owners: readonly SocketOwner[]) => Where {
	const memo = new Map<NamespaceTable | null, Map<readonly SocketOwner[], Where>>();
	// Neighbouring records mostly share both (the sockets of one process, in one table): the
	// last answer again, without the two lookups per record.
	let lastTable: NamespaceTable | null = null;
	let lastOwners: readonly SocketOwner[] | null = null;
	let last: Where | null = null;
	return (table, owners) => {
		if (last !== null && table === lastTable && owners === lastOwners) return last;
		let byOwners = memo.get(table);
		if (byOwners === undefined) {
			byOwners = new Map();
			memo.set(table, byOwners);
		}
		let found = byOwners.get(owners);
		if (found === undefined) {
			found = where(table, owners);
			byOwners.set(owners, found);
		}
		lastTable = table;
		lastOwners = owners;
		last = found;
		return found;
	};
}

/**
 * The entries in `order` (a stable sort), each still with its namespace table. Host entries
 * alone (no other namespace read): sorted as they are, no index per entry.
 */
function sortedInOrder(
	entries: readonly ProcNetEntry[],
	tableAt: (i: number) => NamespaceTable | null,
	order: NonNullable<ReadHints['order']>,
): {entries: readonly ProcNetEntry[]; tableAt: (i: number) => NamespaceTable | null} {
	if (entries.every((_, i) => tableAt(i) === null)) return {entries: [...entries].sort(order), tableAt};
	const indexes = entries.map((_, i) => i).sort((a, b) => order(entries[a]!, entries[b]!));
	const tables = indexes.map((i) => tableAt(i));
	return {entries: indexes.map((i) => entries[i]!), tableAt: (i) => tables[i]!};
}

function sameWarnings(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((warning, i) => warning === b[i]);
}

/** Settles with `work`, or rejects as soon as `signal` aborts (the work itself stops at its next step). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(signal.reason);
		signal.addEventListener('abort', onAbort, {once: true});
		work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
	});
}

/**
 * The entries with any socket printed twice dropped. The kernel resumes its walk of the
 * socket hash between two read() calls by position, so a socket closed meanwhile can make
 * another appear twice (seen with 500 connections/s of churn: 107 of 20,000 sockets twice).
 * An inode names one socket; TIME_WAIT entries have none, and their 4-tuple is unique.
 */
function withoutRepeats(entries: readonly ProcNetEntry[]): ProcNetEntry[] {
	const inodes = new Set<number>();
	const tuples = new Set<string>();
	const kept: ProcNetEntry[] = [];
	for (const entry of entries) {
		if (entry.inode !== 0) {
			if (inodes.has(entry.inode)) continue;
			inodes.add(entry.inode);
		} else {
			const tuple = `${entry.proto}${entry.localAddress} ${entry.localPort} ${entry.remoteAddress} ${entry.remotePort}`;
			if (tuples.has(tuple)) continue;
			tuples.add(tuple);
		}
		kept.push(entry);
	}
	return kept;
}

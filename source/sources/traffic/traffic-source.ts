// Reads per-socket TCP counters and listen queues with `ss` (tcp_info over netlink, allowed to
// any user), and the machine's interface and listen-drop counters from /proc. The program runner
// and file reader are injected: tests drive the parsing with recorded output.
import {readFile} from 'node:fs/promises';
import {nodeNetnsFs} from '../procfs/netns-census.js';
import {runCommand} from '../run-command.js';
import {SourceError} from '../source.js';
import {createNetnsDevReader, type MachineNetDev} from './netns-net-dev.js';
import {parseSsTcp, type SsTcpSocket} from './parse-ss-tcp.js';
import {type ListenCounters, parseTcpExt} from './parse-tcp-ext.js';
import {parseTcpSnmp, sameSegments, type TcpSegments} from './parse-tcp-snmp.js';

/** The two ports of a connection to read (the budget mode reads only those on screen). */
export interface TrafficEndpoint {
	readonly localPort: number;
	readonly remotePort: number;
}

/** 'all': every TCP socket. A list: those connections (by ports) and every listener. */
export type TrafficScope = 'all' | readonly TrafficEndpoint[];

export interface TrafficReading {
	/** Connections and listeners with their inode, counters and queues. */
	readonly sockets: readonly SsTcpSocket[];
	/** True when every TCP socket was read (scope 'all'). */
	readonly complete: boolean;
	/**
	 * Every network namespace's interfaces, with which count in the machine's total
	 * (link-count.ts); null when /proc/net/dev could not be read.
	 */
	readonly netDev: MachineNetDev | null;
	readonly listen: ListenCounters | null;
	/** Lines of ss output that could not be read. */
	readonly skippedLines: number;
	/**
	 * When the counters were read (ms since epoch): the middle of the ss run that printed them,
	 * not of the whole read (which also reads /proc). Rates divide by the time between two of these.
	 */
	readonly at?: number;
	/** When netDev was read (ms since epoch): the machine's rates divide by the time between these. */
	readonly netDevAt?: number;
	/** Ids of the other network namespaces whose sockets this reading holds too (root only). */
	readonly netnsRead?: readonly number[];
}

/** What the store reads before each poll, cheaply (two small /proc files, no process). */
export interface TrafficProbe {
	/** The namespace's TCP segment counters (/proc/net/snmp); null when unknown. */
	readonly segments: TcpSegments | null;
	/** As in TrafficReading: every namespace's interfaces, which move with UDP and ICMP too. */
	readonly netDev: MachineNetDev | null;
}

export interface TrafficSource {
	read(signal: AbortSignal, scope: TrafficScope): Promise<TrafficReading>;
	/** Absent: no probe, every poll reads (tests, platforms without /proc/net/snmp). */
	probe?(): Promise<TrafficProbe>;
}

/** Runs a program (argv, never a shell) and returns its stdout; throws a SourceError on failure. */
export type RunText = (file: string, args: readonly string[], signal: AbortSignal) => Promise<string>;

export interface TrafficSourceDeps {
	readonly run?: RunText;
	readonly readText?: (path: string) => Promise<string>;
	/** Where /proc is (tests point it elsewhere). */
	readonly procRoot?: string;
	readonly now?: () => number;
	/** The machine's interface counters. Default: every namespace's on the real /proc, this one's elsewhere. */
	readonly readNetDev?: () => MachineNetDev | null;
	/** Whether this process may enter other network namespaces (root). */
	readonly privileged?: boolean;
	/** The other network namespaces whose sockets to read too: their id and one of their processes. */
	readonly otherNamespaces?: () => readonly {readonly key: number; readonly pid: number}[];
}

export const runSs: RunText = async (file, args, signal) => {
	// LC_ALL=C: the output is parsed, whatever the user's locale.
	const output = await runCommand(file, args, {signal, env: {...process.env, LC_ALL: 'C'}, spool: true});
	if (output.code !== 0) {
		const reason = output.stderr.trim().split('\n')[0] ?? '';
		throw new SourceError('EXIT', `${file} exited with ${output.code}${reason ? `: ${reason}` : ''}`);
	}
	return output.stdout;
};

/**
 * Option sets, newest first: `-O` (one line per socket) needs iproute2 ≥ 5.2 and `-H` ≥ 4.14;
 * the parser reads all three shapes. The first set that works is kept.
 */
const FLAG_SETS = ['HOe', 'He', 'e'] as const;

/** The ss filter for connections by their ports: `( sport = :A and dport = :B ) or …`. */
export function endpointFilter(endpoints: readonly TrafficEndpoint[]): string[] {
	const args: string[] = [];
	for (const {localPort, remotePort} of endpoints) {
		if (args.length > 0) args.push('or');
		args.push('(', 'sport', '=', `:${localPort}`, 'and', 'dport', '=', `:${remotePort}`, ')');
	}
	return args;
}

const CHUNK_CHARS = 256 * 1024;

/**
 * TEXT in slices of about CHUNK_CHARS, each ending before a line that starts a socket (one not
 * starting with white space), so a two-line socket is never split.
 */
export function socketChunks(text: string): string[] {
	if (text.length <= CHUNK_CHARS) return [text];
	const chunks: string[] = [];
	let start = 0;
	while (start < text.length) {
		let end = text.length;
		for (let at = text.indexOf('\n', start + CHUNK_CHARS); at !== -1; at = text.indexOf('\n', at + 1)) {
			const next = text.charCodeAt(at + 1);
			// Not a space or tab: the next line starts a socket.
			if (next !== 32 && next !== 9) {
				end = at + 1;
				break;
			}
		}
		chunks.push(text.slice(start, end));
		start = end;
	}
	return chunks;
}

const orMore = (args: readonly string[]) => (args.length === 0 ? [] : ['or', ...args]);

export function createTrafficSource(deps: TrafficSourceDeps = {}): TrafficSource {
	const run = deps.run ?? runSs;
	const readText = deps.readText ?? ((path: string) => readFile(path, 'utf8'));
	const proc = deps.procRoot ?? '/proc';
	const now = deps.now ?? Date.now;
	let flagSet = 0;
	const privileged = deps.privileged ?? process.geteuid?.() === 0;
	const netnsReader = createNetnsDevReader({
		root: proc,
		// A fake /proc (tests) has no namespaces to offer: its own net/dev only.
		netnsFs: proc === '/proc' ? nodeNetnsFs : null,
		privileged,
	});
	const readNetDev = deps.readNetDev ?? netnsReader.read;
	/** Every namespace's interfaces, or null when unknown this poll. */
	const netDevOrNull = (): MachineNetDev | null => {
		try {
			return readNetDev();
		} catch {
			return null;
		}
	};
	// Other namespaces' sockets are read through nsenter, which needs root; their ids are the ns
	// inodes records carry only as root (netns-census.ts).
	const otherNamespaces = deps.otherNamespaces ?? (() => (privileged ? netnsReader.others() : []));
	// Each other namespace's last ss text and the segment counters read just before it.
	let netnsTexts = new Map<number, {segments: TcpSegments; text: string}>();
	// What the last probe read, for the read that follows it in the same poll (the store reads
	// only after a probe whose segments moved): taken once, so a read never uses an older
	// poll's. Without it a busy poll read every namespace's net/dev and other namespaces'
	// snmp twice, a moment apart.
	let probed: {
		netDev: MachineNetDev | null;
		netDevAt: number;
		snmp: Map<number, TcpSegments | null>;
	} | null = null;

	/** ss with the first flag set that works on this machine. */
	const ss = async (letters: string, filter: readonly string[], signal: AbortSignal) => {
		for (;;) {
			try {
				return await run('ss', [`-${letters}${FLAG_SETS[flagSet]}`, ...filter], signal);
			} catch (error) {
				// An older ss rejects an option it does not know: try the next set once.
				if (!(error instanceof SourceError) || error.code !== 'EXIT' || flagSet === FLAG_SETS.length - 1)
					throw error;
				flagSet++;
			}
		}
	};
	const optional = async <T>(path: string, parse: (text: string) => T | null): Promise<T | null> => {
		try {
			return parse(await readText(path));
		} catch {
			return null;
		}
	};

	return {
		async probe() {
			const own = await optional(`${proc}/net/snmp`, parseTcpSnmp);
			// The other namespaces read below count too: any of their segments moves the sum.
			let segments = own;
			const snmp = new Map<number, TcpSegments | null>();
			for (const {pid} of otherNamespaces()) {
				const theirs = await optional(`${proc}/${pid}/net/snmp`, parseTcpSnmp);
				snmp.set(pid, theirs);
				if (segments === null || theirs === null) break;
				segments = {
					inSegs: segments.inSegs + theirs.inSegs,
					outSegs: segments.outSegs + theirs.outSegs,
					retransSegs: segments.retransSegs + theirs.retransSegs,
				};
			}
			// Every namespace's interfaces, as read() takes them (≈1.2 ms, link-count.ts).
			const netDev = netDevOrNull();
			probed = {netDev, netDevAt: now(), snmp};
			return {segments, netDev};
		},
		async read(signal, scope) {
			const given = probed;
			probed = null;
			// Synchronous and first: both passes of every namespace's net/dev close together
			// (link-count.ts); the probe's of this poll when there was one.
			const netDev = given === null ? netDevOrNull() : given.netDev;
			const netDevAt = given === null ? now() : given.netDevAt;
			const listen = optional(`${proc}/net/netstat`, parseTcpExt);
			let at: number | undefined;
			const timed = async (letters: string, filter: readonly string[]) => {
				const started = now();
				const text = await ss(letters, filter, signal);
				at = (started + now()) / 2;
				return text;
			};
			// One ss run either way: every TCP socket, or the listeners (peer port 0) and the
			// connections asked for, filtered in the kernel.
			const filter = scope === 'all' ? [] : ['(', 'dport', '=', ':0', ...orMore(endpointFilter(scope)), ')'];
			const texts = [await timed('tain', filter)];
			// Every socket of the other namespaces, on full reads (the on-screen filter is this
			// namespace's rows): one `nsenter --net=… ss` each, argv only. One that fails (its
			// process gone meanwhile) is left out: its rows say n/a until it is read.
			const netnsRead: number[] = [];
			// A namespace whose TCP moved no segment since its last read has the same counters (the
			// idle gate's reasoning, per namespace): its last text is used again, no spawn.
			if (scope === 'all') {
				const seen = new Map<number, {segments: TcpSegments; text: string}>();
				for (const {key, pid} of otherNamespaces()) {
					const segments = given?.snmp.has(pid)
						? (given.snmp.get(pid) ?? null)
						: await optional(`${proc}/${pid}/net/snmp`, parseTcpSnmp);
					const last = netnsTexts.get(key);
					try {
						const text =
							last !== undefined && segments !== null && sameSegments(last.segments, segments)
								? last.text
								: await run(
										'nsenter',
										[`--net=${proc}/${pid}/ns/net`, 'ss', `-tain${FLAG_SETS[flagSet]}`],
										signal,
									);
						texts.push(text);
						netnsRead.push(key);
						if (segments !== null) seen.set(key, {segments, text});
					} catch {
						signal.throwIfAborted();
					}
				}
				netnsTexts = seen;
			}
			const sockets: SsTcpSocket[] = [];
			let skippedLines = 0;
			for (const text of texts) {
				for (const part of socketChunks(text)) {
					const parsed = parseSsTcp(part);
					for (const socket of parsed.sockets) sockets.push(socket);
					skippedLines += parsed.skippedLines;
					// A full dump of 20,000 sockets is ≈ 11 MB: give the event loop (keys, frames) a turn
					// between slices, as the /proc parser does.
					if (part.length < text.length) {
						await new Promise((resolve) => setImmediate(resolve));
						signal.throwIfAborted();
					}
				}
			}
			return {
				sockets,
				complete: scope === 'all',
				netDev,
				netDevAt,
				netnsRead,
				listen: await listen,
				skippedLines,
				...(at === undefined ? {} : {at}),
			};
		},
	};
}

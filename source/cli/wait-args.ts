import {parseDuration} from '../model/parse-duration.js';
import {quote} from '../model/quote.js';
import {parseEtcHosts} from '../os/etc-hosts.js';
import type {SourceChoice} from '../sources/select-source.js';
import {parseWholeNumber} from './number-flag.js';
import {canonicalAddress, type WaitAddress} from './wait-match.js';

// `socktop wait` flags, parsed by hand like `socktop scan`'s: every value checked here,
// unknown flags refused, every problem one line (exit 2).

export interface WaitArgs {
	readonly proto: 'tcp' | 'udp';
	readonly port: number;
	/** Any one will do; null: any address. */
	readonly targets: readonly WaitAddress[] | null;
	/** The --addr values as typed, for messages. */
	readonly addrText: string | null;
	readonly gone: boolean;
	readonly process: string | null;
	/** null: wait for ever. */
	readonly timeoutMs: number | null;
	readonly intervalMs: number | null;
	readonly connect: boolean;
	readonly quiet: boolean;
	/** Say on stderr what is waited for, once the wait starts (also when stderr is a terminal). */
	readonly verbose: boolean;
	readonly source: SourceChoice;
	/** Which network namespaces: host (socktop's own, the default), all, a namespace id or an ip netns name. */
	readonly netns: string;
}

export type WaitArgsResult =
	| {readonly kind: 'run'; readonly args: WaitArgs}
	| {readonly kind: 'help'}
	| {readonly kind: 'error'; readonly message: string};

/** Reads /etc/hosts (null when it cannot): injected so tests need not touch the machine's. */
export type HostsReader = () => string | null;

export const DEFAULT_WAIT_INTERVAL_MS = 100;
export const NETSTAT_WAIT_INTERVAL_MS = 500;

export const WAIT_HELP = `Usage: socktop wait --port P [--udp] [--addr A] [--gone] [--process NAME]
                    [--timeout DURATION] [--connect]

Waits until something listens on a port (or, with --gone, until nothing does), by reading
the socket table: no connection is made unless --connect asks for one.

  -p, --port P         the local port, 1-65535 (required)
  --udp                a UDP socket bound to the port (default: a TCP listener)
  -a, --addr A         at this address: an IP literal, localhost (127.0.0.1 or ::1), or a
                       name from /etc/hosts (read as a file: never a DNS query). A wildcard
                       listener (0.0.0.0, ::) covers the addresses it takes. Repeat for
                       "any of these". Default: any address
  --gone               wait until nothing (matching) listens any more
  --process NAME       only a socket held by a process of this name (as socktop shows it)
  --timeout DURATION   give up after 500ms, 30s, 2m, 1h... (default: wait for ever)
  --connect            TCP: also have a connection accepted before exiting 0
  --interval DURATION  how often the table is read (default 100ms; 500ms from netstat)
  --source NAME        auto | procfs | netstat (auto: procfs on Linux)
  --netns NS           host (default: socktop's own network namespace), all, a namespace id
                       or an ip netns name (Linux, procfs): a listener inside a container
  -q, --quiet          print nothing when the wait ends well
  --verbose            say on stderr what is waited for (always on a terminal)
  -h, --help           this text

Exit status: 0 the condition holds, 1 timed out (one line on stderr says what was seen),
2 bad input, 130 interrupted (Ctrl-C).
`;

const VALUE_FLAGS = new Map([
	['--port', 'port'],
	['-p', 'port'],
	['--addr', 'addr'],
	['-a', 'addr'],
	['--process', 'process'],
	['--timeout', 'timeout'],
	['--interval', 'interval'],
	['--source', 'source'],
	['--netns', 'netns'],
] as const);
type ValueKey = 'port' | 'process' | 'timeout' | 'interval' | 'source' | 'netns';
const SWITCHES = new Set(['--udp', '--gone', '--connect', '--quiet', '-q', '--verbose']);
const DAY_MS = 24 * 3_600_000;

/** Resolves --addr: an IP literal, `localhost`, or a name in the hosts file. Never DNS. */
export function resolveAddr(text: string, readHosts: HostsReader): WaitAddress[] | string {
	const literal = canonicalAddress(text);
	if (literal !== null) return [literal];
	const name = text.trim().toLowerCase().replace(/\.$/, '');
	if (name === 'localhost') return [canonicalAddress('127.0.0.1')!, canonicalAddress('::1')!];
	if (!/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/.test(name))
		return `--addr expects an IP address, localhost or a name from /etc/hosts, got ${quote(text)}`;
	const hostsText = readHosts();
	const listed = hostsText === null ? undefined : parseEtcHosts(hostsText).get(name);
	const addresses = (listed ?? []).map(canonicalAddress).filter((a): a is WaitAddress => a !== null);
	if (addresses.length === 0)
		return `--addr ${quote(text)} is not an IP address, localhost, or a name in /etc/hosts (socktop wait does no DNS lookups)`;
	return addresses;
}

/** argv = the words after `wait`. Never throws. */
export function parseWaitArgs(argv: readonly string[], readHosts: HostsReader): WaitArgsResult {
	const error = (message: string): WaitArgsResult => ({kind: 'error', message});
	const values: Partial<Record<ValueKey, string>> = {};
	const addrs: string[] = [];
	const switches = new Set<string>();
	for (let i = 0; i < argv.length; i++) {
		const word = String(argv[i]);
		if (word === '-h' || word === '--help') return {kind: 'help'};
		if (!word.startsWith('-') || word === '-' || word === '--')
			return error(`unexpected argument ${quote(word)} (see socktop wait --help)`);
		const equals = word.indexOf('=');
		const flag = equals === -1 ? word : word.slice(0, equals);
		if (SWITCHES.has(flag)) {
			if (equals !== -1) return error(`${flag} takes no value`);
			switches.add(flag === '-q' ? '--quiet' : flag);
			continue;
		}
		const key = VALUE_FLAGS.get(flag as never);
		if (!key) return error(`unknown option ${quote(flag)} (see socktop wait --help)`);
		let value: string | undefined;
		if (equals !== -1) value = word.slice(equals + 1);
		else {
			value = argv[i + 1];
			// `--port --udp` must not take "--udp" as the port.
			if (value === undefined || /^--?[a-zA-Z]/.test(value)) return error(`${flag} needs a value`);
			i++;
		}
		if (value === '') return error(`${flag} needs a value`);
		if (key === 'addr') addrs.push(value);
		else if (values[key] !== undefined) return error(`${flag} given twice`);
		else values[key] = value;
	}
	if (values.port === undefined) return error('wait needs --port P (see socktop wait --help)');
	const port = parseWholeNumber('--port', values.port, {min: 1, max: 65_535});
	if (typeof port === 'string') return error(port);

	let targets: WaitAddress[] | null = null;
	for (const addr of addrs) {
		const resolved = resolveAddr(addr, readHosts);
		if (typeof resolved === 'string') return error(resolved);
		targets = [...(targets ?? []), ...resolved];
	}
	let timeoutMs: number | null = null;
	if (values.timeout !== undefined) {
		const parsed = parseDuration('--timeout', values.timeout, {minMs: 0, maxMs: 7 * DAY_MS});
		if (typeof parsed === 'string') return error(parsed);
		timeoutMs = parsed;
	}
	let intervalMs: number | null = null;
	if (values.interval !== undefined) {
		const parsed = parseDuration('--interval', values.interval, {minMs: 10, maxMs: 60_000});
		if (typeof parsed === 'string') return error(parsed);
		intervalMs = parsed;
	}
	const source = values.source ?? 'auto';
	if (source !== 'auto' && source !== 'procfs' && source !== 'netstat')
		return error(`--source must be auto, procfs or netstat, got ${quote(source)}`);
	const udp = switches.has('--udp');
	const gone = switches.has('--gone');
	const connect = switches.has('--connect');
	if (connect && udp) return error('--connect works with TCP only: a UDP socket accepts no connection');
	if (connect && gone) return error('--connect and --gone contradict each other: pick one');
	const process = values.process ?? null;
	if (process !== null && /[\0\n/]/.test(process))
		return error(`--process expects a process name (no path), got ${quote(process)}`);
	const netns = values.netns ?? 'host';
	if (!/^[A-Za-z0-9][A-Za-z0-9._@-]*$/.test(netns))
		return error(`--netns takes host, all, a namespace id or an ip netns name, got ${quote(netns)}`);
	if (netns !== 'host' && source === 'netstat')
		return error('--netns needs the procfs source: netstat reads its own network namespace only');
	// Another namespace's loopback (and a wildcard's) is not this machine's: connecting there
	// would test the host, not the listener waited for.
	if (connect && netns !== 'host' && (targets === null || targets.some((t) => t.wildcard || isLoopback(t))))
		return error(
			"--connect with --netns needs --addr with an address of that namespace routed here (its loopback is not this machine's)",
		);
	return {
		kind: 'run',
		args: {
			proto: udp ? 'udp' : 'tcp',
			port,
			targets,
			addrText: addrs.length > 0 ? addrs.join(' or ') : null,
			gone,
			process,
			timeoutMs,
			intervalMs,
			connect,
			quiet: switches.has('--quiet'),
			verbose: switches.has('--verbose'),
			source,
			netns,
		},
	};
}

function isLoopback(target: WaitAddress): boolean {
	return target.family === 4 ? target.address.startsWith('127.') : target.address === '::1';
}

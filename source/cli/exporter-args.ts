import {isIP} from 'node:net';
import {parseFilter} from '../filter/filter.js';
import {isLoopbackAddress} from '../model/address.js';
import {quote} from '../model/quote.js';
import type {SourceChoice} from '../sources/select-source.js';
import {parseWholeNumber} from './number-flag.js';

// `socktop exporter` flags, parsed by hand like `socktop scan`'s: every value checked, unknown
// flags refused, every problem one line.

export interface ListenAddress {
	/** An IP literal: never a name, so starting the exporter asks no resolver anything. */
	readonly host: string;
	readonly port: number;
	/** False when other machines can reach it (0.0.0.0, ::, a LAN address). */
	readonly loopback: boolean;
}

export interface ExporterArgs {
	readonly listen: ListenAddress;
	readonly intervalMs: number;
	readonly timeoutMs: number | null;
	readonly source: SourceChoice;
	readonly filter: string;
}

export type ExporterArgsResult =
	| {readonly kind: 'run'; readonly args: ExporterArgs}
	| {readonly kind: 'help'}
	| {readonly kind: 'error'; readonly message: string};

/** The port the issue names (also the OpenTelemetry Prometheus exporter's default). */
export const DEFAULT_LISTEN = '127.0.0.1:9464';
const DEFAULT_INTERVAL_MS = 2000;
const MIN_INTERVAL_MS = 200;
const MAX_MS = 24 * 60 * 60 * 1000;

export const EXPORTER_HELP = `Usage: socktop exporter [--listen ADDRESS:PORT] [options]

Serves this machine's sockets as metrics on http://ADDRESS:PORT/metrics for Prometheus,
read every interval like the dashboard reads them.

  --listen ADDR:PORT  where to listen (default ${DEFAULT_LISTEN}; a port alone: 127.0.0.1).
                      An IP address, never a name; every interface only when written
                      out: 0.0.0.0:9464 or [::]:9464. Port 0: a free port (on stderr).
  -i, --interval MS   read the sockets every MS ms (default ${DEFAULT_INTERVAL_MS}, minimum ${MIN_INTERVAL_MS})
  --timeout MS        give up on a read after MS ms (default: 30 s until there is data,
                      then the interval, at least 1000)
  --source NAME       auto | procfs | netstat
  -f, --filter EXPR   only sockets matching EXPR (the dashboard's filter language)
  -h, --help          this text

GET /metrics answers OpenMetrics 1.0.0 to clients that ask for it (Prometheus does),
else the Prometheus text format 0.0.4; other paths answer 404. SIGTERM or SIGINT stop it.`;

/** ADDR:PORT, [IPv6]:PORT or PORT, as an IP literal and a port. */
export function parseListen(raw: string): ListenAddress | string {
	const portOnly = /^\d+$/.test(raw);
	const match = portOnly ? null : /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d+)$/.exec(raw);
	if (!portOnly && !match) return `--listen expects ADDRESS:PORT ([IPv6]:PORT for IPv6), got ${quote(raw)}`;
	const host = portOnly ? '127.0.0.1' : (match![1] ?? match![2]!);
	const portText = portOnly ? raw : match![3]!;
	if (host === '')
		return `--listen ${raw} would listen on every interface: write 0.0.0.0:${portText} or [::]:${portText} to mean it`;
	const family = isIP(host);
	if (family === 0)
		return `--listen needs an IP address, not a name, got ${quote(host)} (127.0.0.1, ::1, 0.0.0.0)`;
	if (match?.[2] !== undefined && family === 6)
		return `--listen: write an IPv6 address in brackets: [${host}]:PORT`;
	const port = parseWholeNumber('--listen port', portText, {min: 0, max: 65_535});
	if (typeof port === 'string') return port;
	return {host, port, loopback: isLoopbackAddress(host)};
}

const VALUE_FLAGS: Readonly<Record<string, string>> = {
	'--listen': 'listen',
	'--interval': 'interval',
	'-i': 'interval',
	'--timeout': 'timeout',
	'--source': 'source',
	'--filter': 'filter',
	'-f': 'filter',
};

/** Parses `socktop exporter`'s argv (after the word `exporter`). */
export function parseExporterArgs(argv: readonly string[]): ExporterArgsResult {
	const values = new Map<string, string>();
	for (let i = 0; i < argv.length; i++) {
		const word = argv[i]!;
		if (word === '-h' || word === '--help') return {kind: 'help'};
		const [flag = '', inline] = word.startsWith('--') ? word.split(/=(.*)/s, 2) : [word];
		const name = VALUE_FLAGS[flag];
		if (name === undefined) {
			if (word.startsWith('-'))
				return {kind: 'error', message: `exporter: unknown option ${flag} (see socktop exporter --help)`};
			return {
				kind: 'error',
				message: `exporter: unexpected argument ${quote(word)} (see socktop exporter --help)`,
			};
		}
		const value = inline ?? argv[++i];
		if (value === undefined || value === '') return {kind: 'error', message: `--${name} needs a value`};
		if (values.has(name)) return {kind: 'error', message: `--${name} given twice`};
		values.set(name, value);
	}
	const listen = parseListen(values.get('listen') ?? DEFAULT_LISTEN);
	if (typeof listen === 'string') return {kind: 'error', message: listen};
	const ms = (name: string, fallback: number | null, min: number): number | null | string => {
		const raw = values.get(name);
		if (raw === undefined) return fallback;
		return parseWholeNumber(`--${name}`, raw, {min, max: MAX_MS, unit: 'ms', maxText: 'one day'});
	};
	const intervalMs = ms('interval', DEFAULT_INTERVAL_MS, MIN_INTERVAL_MS);
	if (typeof intervalMs === 'string') return {kind: 'error', message: intervalMs};
	const timeoutMs = ms('timeout', null, 1);
	if (typeof timeoutMs === 'string') return {kind: 'error', message: timeoutMs};
	const source = values.get('source') ?? 'auto';
	if (source !== 'auto' && source !== 'procfs' && source !== 'netstat')
		return {kind: 'error', message: `--source must be auto, procfs or netstat, got ${quote(source)}`};
	const filter = values.get('filter') ?? '';
	const parsed = parseFilter(filter);
	if (!parsed.ok) return {kind: 'error', message: `--filter: ${parsed.error}`};
	return {
		kind: 'run',
		args: {listen, intervalMs: intervalMs ?? DEFAULT_INTERVAL_MS, timeoutMs, source, filter},
	};
}

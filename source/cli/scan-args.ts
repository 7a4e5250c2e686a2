import {quote} from '../model/quote.js';
import {parsePortSpec} from '../scan/port-spec.js';
import {parseWholeNumber} from './number-flag.js';

// `socktop scan` flags, parsed by hand: every value is checked here, unknown flags
// are errors, and every problem is one line.

export interface ScanArgs {
	readonly target: string;
	readonly ports: readonly number[];
	readonly portSpec: string;
	/** Longest wait per connect (null: the engine's default). */
	readonly timeoutMs: number | null;
	/** null: derived from the open-file limit. */
	readonly concurrency: number | null;
	readonly json: boolean;
}

export type ScanArgsResult =
	| {readonly kind: 'run'; readonly args: ScanArgs}
	| {readonly kind: 'help'}
	| {readonly kind: 'error'; readonly message: string};

export const DEFAULT_PORT_SPEC = 'top1000';
export const TIMEOUT_RANGE = [10, 60_000] as const;
export const CONCURRENCY_RANGE = [1, 10_000] as const;

export const SCAN_HELP = `Usage: socktop scan TARGET [--ports SPEC] [--timeout MS] [--concurrency N] [--json]

Checks which TCP ports accept a connection (a TCP connect scan).

TARGET               host name, IPv4 or IPv6 address ([::1] too), or a CIDR block
                     of at most 256 addresses (192.168.1.0/24, fd00::/120)
  -p, --ports SPEC   top100, top1000 (default), all, or a list: 22,80,8000-8100
  --timeout MS       longest wait for one connect, ${TIMEOUT_RANGE[0]}-${TIMEOUT_RANGE[1]} (default 1500; less once
                     the target's round trip is known)
  --concurrency N    connects at once, ${CONCURRENCY_RANGE[0]}-${CONCURRENCY_RANGE[1]} (default: from the open-file limit)
  --json             one JSON object per port scanned, one per line
  -h, --help         this text

States: open; closed (refused); filtered (no answer within the timeout); unreachable
(the connect failed at once: no route, no usable local address, a link-local address
without its interface...; the error code is given).

Exit status: 0 scan completed, 2 bad input, 130 cancelled, 1 scan failed (also when
every port of every host was unreachable).
`;

const VALUE_FLAGS = new Map([
	['--ports', 'ports'],
	['-p', 'ports'],
	['--timeout', 'timeout'],
	['--concurrency', 'concurrency'],
] as const);

/** argv = the words after `scan`. Never throws. */
export function parseScanArgs(argv: readonly string[]): ScanArgsResult {
	const error = (message: string): ScanArgsResult => ({kind: 'error', message});
	const targets: string[] = [];
	const values: {ports?: string; timeout?: string; concurrency?: string} = {};
	let json = false;
	let onlyPositionals = false;
	for (let i = 0; i < argv.length; i++) {
		const word = String(argv[i]);
		if (onlyPositionals || !word.startsWith('-') || word === '-') {
			targets.push(word);
			continue;
		}
		if (word === '--') {
			onlyPositionals = true;
			continue;
		}
		if (word === '-h' || word === '--help') return {kind: 'help'};
		if (word === '--json') {
			json = true;
			continue;
		}
		const equals = word.indexOf('=');
		const flag = equals === -1 ? word : word.slice(0, equals);
		const key = VALUE_FLAGS.get(flag as never);
		if (!key) {
			if (flag === '--json') return error('--json does not take a value');
			return error(`unknown option ${quote(flag)} (see socktop scan --help)`);
		}
		let value: string | undefined;
		if (equals !== -1) value = word.slice(equals + 1);
		else {
			value = argv[i + 1];
			// `--ports --json` must not silently take "--json" as the port list.
			if (value === undefined || (value.startsWith('-') && value !== '-'))
				return error(`${flag} needs a value`);
			i++;
		}
		values[key] = value;
	}
	if (targets.length === 0) return error('scan needs a target: a host name, an IP address or a CIDR block');
	if (targets.length > 1)
		return error(
			`scan takes one target, got ${targets.length}: ${targets.slice(0, 3).map(quote).join(', ')}`,
		);

	const portSpec = values.ports ?? DEFAULT_PORT_SPEC;
	const ports = parsePortSpec(portSpec);
	if (!ports.ok) return error(`--ports: ${ports.error}`);
	let timeoutMs: number | null = null;
	if (values.timeout !== undefined) {
		const parsed = parseWholeNumber('--timeout', values.timeout, {
			min: TIMEOUT_RANGE[0],
			max: TIMEOUT_RANGE[1],
			unit: 'ms',
		});
		if (typeof parsed === 'string') return error(parsed);
		timeoutMs = parsed;
	}
	let concurrency: number | null = null;
	if (values.concurrency !== undefined) {
		const parsed = parseWholeNumber('--concurrency', values.concurrency, {
			min: CONCURRENCY_RANGE[0],
			max: CONCURRENCY_RANGE[1],
		});
		if (typeof parsed === 'string') return error(parsed);
		concurrency = parsed;
	}
	return {
		kind: 'run',
		args: {target: targets[0]!, ports: ports.ports, portSpec, timeoutMs, concurrency, json},
	};
}

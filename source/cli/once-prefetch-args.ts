// Decided on the raw command line, before the argument parser is even loaded (≈90 ms of
// meow's start-up that the walk can use): whether this is a plain `--once` read of this
// machine, whose every socket's owners will be wanted. Anything else (a filter, which may
// need no walk at all, other hosts, another source, metrics, a command) is left alone: the
// check only allows what it knows, and a wrong guess costs a worker stopped unused.

import {parseWholeNumber} from './number-flag.js';
import type {CliOptions} from './options.js';

/** Flags that do not change which owners a `--once` read looks up, and whether each takes a value. */
const NEUTRAL: ReadonlyMap<string, boolean> = new Map([
	['--once', false],
	['--json', false],
	['--no-color', false],
	['--color', false],
	['--read-only', false],
	['--bell', false],
	['--timeout', true],
	['--interval', true],
	['-i', true],
	['--netns', true],
]);

export function onceReadsAllOwners(argv: readonly string[]): boolean {
	let once = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		const equals = arg.indexOf('=');
		const name = arg.startsWith('--') && equals > 0 ? arg.slice(0, equals) : arg;
		const takesValue = NEUTRAL.get(name);
		if (takesValue === undefined) return false;
		if (name === '--once') once = true;
		if (takesValue && equals < 0) i++; // its value is the next argument
	}
	return once;
}

/** Flags a plain `--once` may carry and still be parsed without meow (see plainOnceOptions). */
const PLAIN_ONCE: ReadonlySet<string> = new Set(['--once', '--json', '--no-color', '--timeout']);
/** As options.ts has them (test/cli/plain-once-args.test.ts compares every answer with meow's). */
const PLAIN_INTERVAL_MS = 2000;
const PLAIN_MAX_TIMEOUT_MS = 24 * 60 * 60 * 1000;

/**
 * The options meow gives for `--once` with nothing but `--json`, `--no-color` and a valid
 * `--timeout MS` (each at most once, in any order); null for every other command line,
 * which meow parses (mistakes included: their messages are its). Why: loading and running
 * meow cost a small `--once` 25–29 ms of CPU, ≈7 % (20 alternating runs each in an empty
 * network namespace, load average 21–38: 396 → 371 ms, `--json` 490 → 461 ms).
 */
export function plainOnceOptions(argv: readonly string[]): {kind: 'run'; options: CliOptions} | null {
	const seen = new Set<string>();
	let timeoutMs: number | null = null;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		const equals = arg.startsWith('--timeout=') ? '--timeout='.length - 1 : -1;
		const name = equals > 0 ? '--timeout' : arg;
		if (!PLAIN_ONCE.has(name) || seen.has(name)) return null;
		seen.add(name);
		if (name !== '--timeout') continue;
		const raw = equals > 0 ? arg.slice(equals + 1) : argv[++i];
		if (raw === undefined) return null;
		const value = parseWholeNumber('--timeout', raw, {min: 1, max: PLAIN_MAX_TIMEOUT_MS});
		if (typeof value === 'string') return null;
		timeoutMs = value;
	}
	if (!seen.has('--once')) return null;
	return {
		kind: 'run',
		options: {
			once: true,
			json: seen.has('--json'),
			filter: '',
			intervalMs: PLAIN_INTERVAL_MS,
			timeoutMs,
			source: 'auto',
			color: !seen.has('--no-color'),
			readOnly: false,
			bell: false,
			metrics: null,
			output: null,
			netns: 'all',
			log: null,
			alerts: [],
			alertExec: null,
			hosts: [],
			local: true,
		},
	};
}

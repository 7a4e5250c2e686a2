import meow from 'meow';
import {parseFilter} from '../filter/filter.js';
import {HELP_TEXT} from './help-text.js';

export type SourceChoice = 'auto' | 'procfs' | 'netstat';

export interface CliOptions {
	readonly once: boolean;
	readonly json: boolean;
	readonly filter: string;
	readonly intervalMs: number;
	readonly timeoutMs: number | null;
	readonly source: SourceChoice;
	readonly color: boolean;
	readonly readOnly: boolean;
	readonly bell: boolean;
}

export type ParsedArgs =
	| {kind: 'run'; options: CliOptions}
	| {kind: 'scan'; argv: string[]}
	| {kind: 'help'; text: string}
	| {kind: 'version'}
	| {kind: 'error'; message: string};

export const DEFAULT_INTERVAL_MS = 2000;
export const MIN_INTERVAL_MS = 200;
const MAX_MS = 24 * 60 * 60 * 1000;

const FLAGS = {
	once: {type: 'boolean', default: false},
	json: {type: 'boolean', default: false},
	filter: {type: 'string', shortFlag: 'f'},
	interval: {type: 'string', shortFlag: 'i'},
	timeout: {type: 'string'},
	source: {type: 'string'},
	color: {type: 'boolean', default: true},
	readOnly: {type: 'boolean', default: false},
	bell: {type: 'boolean', default: false},
	help: {type: 'boolean', default: false, shortFlag: 'h'},
	version: {type: 'boolean', default: false, shortFlag: 'v'},
} as const;

const KNOWN = new Set([...Object.keys(FLAGS), 'f', 'i', 'h', 'v']);
const VALUE_FLAGS = ['filter', 'interval', 'timeout', 'source'] as const;

function parseMs(name: string, raw: string, min: number): number | string {
	if (!/^\d+$/.test(raw)) return `--${name} expects a whole number of milliseconds, got "${raw}"`;
	const value = Number(raw);
	if (value < min) return `--${name} must be at least ${min} ms, got ${value}`;
	if (value > MAX_MS) return `--${name} must be at most ${MAX_MS} ms (one day), got ${value}`;
	return value;
}

const flagName = (name: string) =>
	name.length === 1 ? `-${name}` : `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Parses argv (without node and script). Never exits or throws: errors are one line. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
	if (argv[0] === 'scan') return {kind: 'scan', argv: argv.slice(1)};
	// Values like `--interval --json` would silently take "--json"; a value flag that is
	// last (or followed by another flag) is missing its value.
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		const name = /^--?([a-zA-Z-]+)$/.exec(arg)?.[1];
		if (name === undefined) continue;
		const long = name.length === 1 ? {f: 'filter', i: 'interval'}[name] : name;
		if (long && (VALUE_FLAGS as readonly string[]).includes(long)) {
			const next = argv[i + 1];
			if (next === undefined || /^--?[a-zA-Z]/.test(next))
				return {kind: 'error', message: `--${long} needs a value`};
		}
	}
	let cli: ReturnType<typeof meow<typeof FLAGS>>;
	try {
		cli = meow(HELP_TEXT, {
			importMeta: import.meta,
			argv: [...argv],
			autoHelp: false,
			autoVersion: false,
			allowUnknownFlags: true,
			flags: FLAGS,
		});
	} catch (error) {
		// meow throws for some mistakes (a value flag given twice): still one line, exit 2.
		const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
		return {kind: 'error', message: `${message.replace(/\.$/, '')} (see socktop --help)`};
	}
	for (const key of Object.keys(cli.unnormalizedFlags)) {
		if (!KNOWN.has(key))
			return {kind: 'error', message: `unknown option ${flagName(key)} (see socktop --help)`};
	}
	const flags = cli.flags;
	if (flags.help) return {kind: 'help', text: HELP_TEXT};
	if (flags.version) return {kind: 'version'};
	if (cli.input.length > 0)
		return {kind: 'error', message: `unexpected argument "${cli.input[0]}" (see socktop --help)`};
	for (const name of VALUE_FLAGS) {
		if (flags[name] === '') return {kind: 'error', message: `--${name} needs a value`};
	}

	let intervalMs = DEFAULT_INTERVAL_MS;
	if (flags.interval !== undefined) {
		const parsed = parseMs('interval', flags.interval, MIN_INTERVAL_MS);
		if (typeof parsed === 'string') return {kind: 'error', message: parsed};
		intervalMs = parsed;
	}
	let timeoutMs: number | null = null;
	if (flags.timeout !== undefined) {
		const parsed = parseMs('timeout', flags.timeout, 1);
		if (typeof parsed === 'string') return {kind: 'error', message: parsed};
		timeoutMs = parsed;
	}
	const source = flags.source ?? 'auto';
	if (source !== 'auto' && source !== 'procfs' && source !== 'netstat')
		return {kind: 'error', message: `--source must be auto, procfs or netstat, got "${source}"`};
	const filter = flags.filter ?? '';
	const parsedFilter = parseFilter(filter);
	if (!parsedFilter.ok) return {kind: 'error', message: `--filter: ${parsedFilter.error}`};

	return {
		kind: 'run',
		options: {
			once: flags.once,
			json: flags.json,
			filter,
			intervalMs,
			timeoutMs,
			source,
			color: flags.color,
			readOnly: flags.readOnly,
			bell: flags.bell,
		},
	};
}

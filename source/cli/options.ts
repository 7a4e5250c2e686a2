import {parseArgs as parseTokens} from 'node:util';
import {parseFilter} from '../filter/filter.js';
import type {SourceChoice} from '../sources/select-source.js';
import {HELP_TEXT} from './help-text.js';
import {parseWholeNumber} from './number-flag.js';

export type {SourceChoice} from '../sources/select-source.js';

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

// node:util's parser, not a package: `--version` and `--help` load nothing else (meow
// and its dependencies were 230 KB parsed on every start).
const FLAGS = {
	once: {type: 'boolean'},
	json: {type: 'boolean'},
	filter: {type: 'string', short: 'f'},
	interval: {type: 'string', short: 'i'},
	timeout: {type: 'string'},
	source: {type: 'string'},
	color: {type: 'boolean'},
	'no-color': {type: 'boolean'},
	'read-only': {type: 'boolean'},
	bell: {type: 'boolean'},
	help: {type: 'boolean', short: 'h'},
	version: {type: 'boolean', short: 'v'},
} as const;

type Flag = keyof typeof FLAGS;
const SEE_HELP = '(see socktop --help)';

function parseMs(name: string, raw: string, min: number): number | string {
	return parseWholeNumber(`--${name}`, raw, {min, max: MAX_MS, unit: 'ms', maxText: 'one day'});
}

/** Flag values after the last of each, or the first mistake as one line. */
function readFlags(argv: readonly string[]): {values: Map<Flag, string | boolean>} | {error: string} {
	const {tokens} = parseTokens({
		args: [...argv],
		options: FLAGS,
		strict: false,
		allowPositionals: true,
		tokens: true,
	});
	const values = new Map<Flag, string | boolean>();
	for (const token of tokens) {
		if (token.kind === 'positional') return {error: `unexpected argument "${token.value}" ${SEE_HELP}`};
		if (token.kind !== 'option') continue;
		if (!Object.hasOwn(FLAGS, token.name)) return {error: `unknown option ${token.rawName} ${SEE_HELP}`};
		const name = token.name as Flag;
		if (FLAGS[name].type === 'boolean') {
			if (token.value !== undefined) return {error: `${token.rawName} takes no value`};
			values.set(name, true);
			continue;
		}
		if (token.value === undefined || token.value === '') return {error: `--${name} needs a value`};
		values.set(name, token.value);
	}
	return {values};
}

/** Parses argv (without node and script). Never exits or throws: errors are one line. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
	if (argv[0] === 'scan') return {kind: 'scan', argv: argv.slice(1)};
	// `--interval --json` would otherwise take "--json" as the value: a value flag that is
	// last, or followed by another flag, is missing its value.
	for (let i = 0; i < argv.length; i++) {
		const name = valueFlagOf(argv[i]!);
		const next = argv[i + 1];
		if (name && (next === undefined || /^--?[a-zA-Z]/.test(next)))
			return {kind: 'error', message: `--${name} needs a value`};
	}
	const read = readFlags(argv);
	if ('error' in read) return {kind: 'error', message: read.error};
	const flags = read.values;
	const text = (name: Flag) => flags.get(name) as string | undefined;
	if (flags.has('help')) return {kind: 'help', text: HELP_TEXT};
	if (flags.has('version')) return {kind: 'version'};

	let intervalMs = DEFAULT_INTERVAL_MS;
	const interval = text('interval');
	if (interval !== undefined) {
		const parsed = parseMs('interval', interval, MIN_INTERVAL_MS);
		if (typeof parsed === 'string') return {kind: 'error', message: parsed};
		intervalMs = parsed;
	}
	let timeoutMs: number | null = null;
	const timeout = text('timeout');
	if (timeout !== undefined) {
		const parsed = parseMs('timeout', timeout, 1);
		if (typeof parsed === 'string') return {kind: 'error', message: parsed};
		timeoutMs = parsed;
	}
	const source = text('source') ?? 'auto';
	if (source !== 'auto' && source !== 'procfs' && source !== 'netstat')
		return {kind: 'error', message: `--source must be auto, procfs or netstat, got "${source}"`};
	const filter = text('filter') ?? '';
	const parsedFilter = parseFilter(filter);
	if (!parsedFilter.ok) return {kind: 'error', message: `--filter: ${parsedFilter.error}`};

	return {
		kind: 'run',
		options: {
			once: flags.has('once'),
			json: flags.has('json'),
			filter,
			intervalMs,
			timeoutMs,
			source,
			color: !flags.has('no-color'),
			readOnly: flags.has('read-only'),
			bell: flags.has('bell'),
		},
	};
}

/** The long name of a value flag written as `--name` or `-x` (not `--name=value`), else null. */
function valueFlagOf(arg: string): Flag | null {
	const name = /^--?([a-zA-Z-]+)$/.exec(arg)?.[1];
	if (name === undefined) return null;
	const flag = (name.length === 1 ? SHORT[name] : name) as Flag | undefined;
	return flag && Object.hasOwn(FLAGS, flag) && FLAGS[flag].type === 'string' ? flag : null;
}

const SHORT: Record<string, Flag> = {f: 'filter', i: 'interval'};

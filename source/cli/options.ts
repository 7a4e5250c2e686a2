import meow from 'meow';
import {parseFilter} from '../filter/filter.js';
import {errorMessage} from '../model/error-message.js';
import {LOCAL_HOST} from '../model/socket-record.js';
import {checkDestination} from '../os/ssh-command.js';
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
	/** `--host DEST`, repeatable: remote machines over ssh (docs/many-hosts.md). */
	readonly hosts: readonly string[];
	/** false with --no-local: only the --host machines. */
	readonly local: boolean;
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

// meow parses (the package the design card names); the checks around it are ours, because
// meow is lenient where a sysadmin's typo should stop: an unknown flag is accepted unless
// allowUnknownFlags is false, and then meow itself exits; `--once=yes` becomes false;
// `--no-once` is read as a negation. docs/ink-6.8.md has the quirks as measured.
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
	host: {type: 'string', isMultiple: true},
	local: {type: 'boolean', default: true},
	help: {type: 'boolean', default: false, shortFlag: 'h'},
	version: {type: 'boolean', default: false, shortFlag: 'v'},
} as const;

/** The flags as typed, long and short, and whether each takes a value. */
const TAKES_VALUE: ReadonlyMap<string, boolean> = new Map([
	...Object.entries(FLAGS).map(
		([name, flag]) => [name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), flag.type === 'string'] as const,
	),
	['no-color', false],
	['no-local', false],
	...Object.values(FLAGS).flatMap((flag) =>
		'shortFlag' in flag ? [[flag.shortFlag, flag.type === 'string'] as const] : [],
	),
]);
const LONG_OF: Readonly<Record<string, string>> = {f: 'filter', i: 'interval', h: 'help', v: 'version'};
const SEE_HELP = '(see socktop --help)';

function parseMs(name: string, raw: string, min: number): number | string {
	return parseWholeNumber(`--${name}`, raw, {min, max: MAX_MS, unit: 'ms', maxText: 'one day'});
}

/**
 * The words for meow, or the first mistake it would let through, as one line: an unknown
 * flag, a value flag with no value (`--interval --json` would take "--json"), a value
 * given to a switch. meow reads `-fVALUE` as switches (the filter silently lost): it gets
 * `-f VALUE`.
 */
function checkWords(argv: readonly string[]): {words: string[]} | {error: string} {
	const words: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const word = argv[i]!;
		words.push(word);
		if (word === '--') return {words: [...words, ...argv.slice(i + 1)]};
		const long = /^--([^=]+)(=.*)?$/.exec(word);
		const short = long ? null : /^-([^-])(.*)$/.exec(word);
		if (!long && !short) continue;
		const name = long ? long[1]! : short![1]!;
		const shown = long ? `--${name}` : `-${name}`;
		const takesValue = TAKES_VALUE.get(name);
		if (takesValue === undefined) return {error: `unknown option ${shown} ${SEE_HELP}`};
		const inline = long ? long[2] : short![2] || undefined;
		const full = `--${LONG_OF[name] ?? name}`;
		if (!takesValue) {
			if (inline !== undefined) return {error: `${shown} takes no value`};
			continue;
		}
		if (inline !== undefined) {
			if (inline === '=') return {error: `${full} needs a value`};
			if (short) words.splice(-1, 1, shown, inline);
			continue;
		}
		const next = argv[i + 1];
		if (next === undefined || /^--?[a-zA-Z]/.test(next)) return {error: `${full} needs a value`};
		words.push(next);
		i++;
	}
	return {words};
}

/** Parses argv (without node and script). Never exits or throws: errors are one line. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
	if (argv[0] === 'scan') return {kind: 'scan', argv: argv.slice(1)};
	const checked = checkWords(argv);
	if ('error' in checked) return {kind: 'error', message: checked.error};
	let cli: ReturnType<typeof meow<typeof FLAGS>>;
	try {
		cli = meow(HELP_TEXT, {
			importMeta: import.meta,
			// Help and version are printed by cli.tsx: meow need not look for package.json.
			pkg: {},
			argv: checked.words,
			autoHelp: false,
			autoVersion: false,
			// Unknown flags are refused by checkWords: with false, meow would exit by itself.
			allowUnknownFlags: true,
			flags: FLAGS,
		});
	} catch (error) {
		// meow throws for a value flag given twice: still one line, exit 2.
		const line = errorMessage(error).split('\n')[0]!.replace(/\.$/, '');
		return {kind: 'error', message: `${line.charAt(0).toLowerCase()}${line.slice(1)} ${SEE_HELP}`};
	}
	const flags = cli.flags;
	if (flags.help) return {kind: 'help', text: HELP_TEXT};
	if (flags.version) return {kind: 'version'};
	if (cli.input.length > 0)
		return {kind: 'error', message: `unexpected argument "${cli.input[0]}" ${SEE_HELP}`};

	for (const name of ['filter', 'interval', 'timeout', 'source'] as const)
		if (flags[name] === '') return {kind: 'error', message: `--${name} needs a value`};

	let intervalMs = DEFAULT_INTERVAL_MS;
	const interval = flags.interval;
	if (interval !== undefined) {
		const parsed = parseMs('interval', interval, MIN_INTERVAL_MS);
		if (typeof parsed === 'string') return {kind: 'error', message: parsed};
		intervalMs = parsed;
	}
	let timeoutMs: number | null = null;
	const timeout = flags.timeout;
	if (timeout !== undefined) {
		const parsed = parseMs('timeout', timeout, 1);
		if (typeof parsed === 'string') return {kind: 'error', message: parsed};
		timeoutMs = parsed;
	}
	const source = flags.source ?? 'auto';
	if (source !== 'auto' && source !== 'procfs' && source !== 'netstat')
		return {kind: 'error', message: `--source must be auto, procfs or netstat, got "${source}"`};
	const hosts = flags.host ?? [];
	for (const host of hosts) {
		const problem = checkDestination(host);
		if (problem !== null) return {kind: 'error', message: problem};
	}
	if (!flags.local && hosts.every((host) => host === LOCAL_HOST))
		return {kind: 'error', message: '--no-local needs a --host'};
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
			// `--host local` is this machine, as it is by default.
			hosts: [...new Set(hosts.filter((host) => host !== LOCAL_HOST))],
			local: flags.local || hosts.includes(LOCAL_HOST),
		},
	};
}

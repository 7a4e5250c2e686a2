import meow from 'meow';
import {parseFilter} from '../filter/filter.js';
import {errorMessage} from '../model/error-message.js';
import {LOCAL_HOST} from '../model/socket-record.js';
import {checkDestination} from '../os/ssh-command.js';
import type {SourceChoice} from '../sources/select-source.js';
import {parseAlertRule} from './alert-rules.js';
import {HELP_TEXT} from './help-text.js';
import {parseWholeNumber} from './number-flag.js';
import {subcommandOf} from './subcommand.js';

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
	/** `--format openmetrics|prometheus` (with --once): a metrics exposition instead of the table. */
	readonly metrics: MetricsFormat | null;
	/** `--output FILE`: the exposition written to FILE through a temporary file and a rename. */
	readonly output: string | null;
	/** `--netns`: all (default), host, a namespace id or an `ip netns` name. */
	readonly netns: string;
	/** `--log FILE`: append the dashboard's events as NDJSON (null: no log). */
	readonly log: string | null;
	/** `--alert RULE`, each as typed (checked by alert-rules.ts). */
	readonly alerts: readonly string[];
	/** `--alert-exec CMD ARGS…`: the rest of the command line, or null. */
	readonly alertExec: readonly string[] | null;
	/** `--host DEST`, repeatable: remote machines over ssh (docs/many-hosts.md). */
	readonly hosts: readonly string[];
	/** false with --no-local: only the --host machines. */
	readonly local: boolean;
}

export type MetricsFormat = 'openmetrics' | 'prometheus';

export type ParsedArgs =
	| {kind: 'run'; options: CliOptions}
	| {kind: 'scan'; argv: string[]}
	| {kind: 'exporter'; argv: string[]}
	| {kind: 'wait'; argv: string[]}
	| {kind: 'history'; argv: string[]}
	| {kind: 'details'; argv: string[]}
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
	format: {type: 'string'},
	output: {type: 'string'},
	netns: {type: 'string'},
	log: {type: 'string'},
	alert: {type: 'string', isMultiple: true},
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

/**
 * `--alert-exec` takes the rest of the command line as the hook's argv (no shell, so no
 * quoting to get wrong): `socktop --alert new-listener --alert-exec notify-send socktop`.
 */
function splitAlertExec(
	argv: readonly string[],
): {before: readonly string[]; command: readonly string[] | null} | {error: string} {
	const end = argv.indexOf('--');
	const at = argv.findIndex((word, i) => word === '--alert-exec' && (end < 0 || i < end));
	if (at < 0) return {before: argv, command: null};
	const command = argv.slice(at + 1);
	if (command.length === 0 || command[0] === '') return {error: '--alert-exec needs a command'};
	return {before: argv.slice(0, at), command};
}

/** Parses argv (without node and script). Never exits or throws: errors are one line. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
	const subcommand = subcommandOf(argv);
	if (subcommand) return subcommand;
	const exec = splitAlertExec(argv);
	if ('error' in exec) return {kind: 'error', message: exec.error};
	const checked = checkWords(exec.before);
	if ('error' in checked) return {kind: 'error', message: checked.error};
	let cli: ReturnType<typeof meow<typeof FLAGS>>;
	try {
		// No help text: cli.tsx prints HELP_TEXT itself, and meow re-indents whatever it is
		// given on every parse (redent, indent-string: regexes over ≈3 KB for nothing).
		cli = meow('', {
			importMeta: import.meta,
			// Help and version are printed by cli.tsx: meow need not look for package.json.
			// The process title meow sets from it: `socktop` in ps and top (an empty pkg blanked it).
			pkg: {name: 'socktop'},
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

	for (const name of ['filter', 'interval', 'timeout', 'source', 'format', 'output', 'netns', 'log'] as const)
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
	const netns = flags.netns ?? 'all';
	// ip netns names are file names under /run/netns; ids are inode numbers.
	if (!/^[A-Za-z0-9_.-]+$/.test(netns) || netns === '.' || netns === '..')
		return {
			kind: 'error',
			message: `--netns must be all, host, a namespace id or an ip netns name, got "${netns}"`,
		};
	const alerts = flags.alert ?? [];
	for (const rule of alerts) {
		const parsedRule = parseAlertRule(rule);
		if ('error' in parsedRule) return {kind: 'error', message: parsedRule.error};
	}
	// The history, its log and the alerts live in the dashboard: taken silently by --once or
	// --json they would promise a log or an alert that never comes.
	if ((flags.once || flags.json) && (flags.log !== undefined || alerts.length > 0 || exec.command !== null))
		return {
			kind: 'error',
			message: `${flags.log !== undefined ? '--log' : alerts.length > 0 ? '--alert' : '--alert-exec'} works in the dashboard only, not with ${flags.once ? '--once' : '--json'}`,
		};
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
	const format = checkFormat(flags.format, flags.output, flags.once, flags.json);
	if (typeof format === 'string') return {kind: 'error', message: format};

	return {
		kind: 'run',
		options: {
			once: flags.once,
			json: format.json,
			filter,
			intervalMs,
			timeoutMs,
			source,
			color: flags.color,
			readOnly: flags.readOnly,
			bell: flags.bell,
			metrics: format.metrics,
			output: flags.output ?? null,
			netns,
			log: flags.log ?? null,
			alerts,
			alertExec: exec.command,
			// `--host local` is this machine, as it is by default.
			hosts: [...new Set(hosts.filter((host) => host !== LOCAL_HOST))],
			local: flags.local || hosts.includes(LOCAL_HOST),
		},
	};
}

/** `--format` and `--output`, checked against `--once` and `--json`: a mistake as one line. */
function checkFormat(
	format: string | undefined,
	output: string | undefined,
	once: boolean,
	json: boolean,
): {json: boolean; metrics: MetricsFormat | null} | string {
	const chosen = format ?? (json ? 'json' : 'table');
	if (chosen !== 'table' && chosen !== 'json' && chosen !== 'openmetrics' && chosen !== 'prometheus')
		return `--format must be table, json, openmetrics or prometheus, got "${chosen}"`;
	if (json && chosen !== 'json') return `--json and --format ${chosen} disagree: give one`;
	const metrics = chosen === 'openmetrics' || chosen === 'prometheus' ? chosen : null;
	if (metrics && !once) return `--format ${metrics} needs --once (or serve it: socktop exporter)`;
	if (output !== undefined && !metrics) return '--output needs --format openmetrics or prometheus';
	return {json: chosen === 'json', metrics};
}

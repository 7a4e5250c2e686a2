// The one place keys are defined. The controller looks actions up here, and every
// hint on screen (footer, help, dialogs, scan form, pane notes) is printed from here,
// so what the screen promises and what a key does cannot drift apart.
import {FILTER_FIELDS, FILTER_VALUES} from '../filter/filter.js';

export type Mode = 'table' | 'filter' | 'help' | 'detail' | 'kill' | 'kill-wait' | 'scan-input' | 'history';
export const MODES: readonly Mode[] = [
	'table',
	'filter',
	'help',
	'detail',
	'kill',
	'kill-wait',
	'scan-input',
	'history',
];

export type Action =
	| 'quit'
	| 'suspend'
	| 'help'
	| 'next-pane'
	| 'prev-pane'
	| 'up'
	| 'down'
	| 'page-up'
	| 'page-down'
	| 'top'
	| 'bottom'
	| 'filter'
	| 'filter-process'
	| 'filter-container'
	| 'clear'
	| 'sort-next'
	| 'sort-prev'
	| 'sort-reverse'
	| 'pause'
	| 'refresh'
	| 'details'
	| 'kill'
	| 'toggle-dns'
	| 'toggle-other-states'
	| 'scan'
	| 'accept'
	| 'cancel'
	| 'confirm-yes'
	| 'confirm-no'
	| 'next-field'
	| 'history';

/** A footer hint: the long label, a shorter one used when the line is tight, and its rank (lower stays longer). */
export interface Hint {
	readonly label: string;
	readonly short?: string;
	readonly rank: number;
}

export interface Binding {
	readonly action: Action;
	/** Key names as produced by decodeKeys. The first is the one shown. */
	readonly keys: readonly string[];
	readonly help: string;
	readonly modes: readonly Mode[];
	/** Shown in the footer for these modes. */
	readonly hint?: Hint;
	/** A second help line, under this one. */
	readonly more?: string;
	/** Acts on the selected row: no footer hint while no row is selected. */
	readonly onRow?: true;
	/** Acts on the focused table's rows (sorting): no footer hint while there are none (scan pane focused, or a filter emptied the pane). */
	readonly onTable?: true;
}

const TABLE: Mode[] = ['table'];
const SCROLLING: Mode[] = ['table', 'detail', 'help', 'history'];
const EVERY: Mode[] = [...MODES];

/** `proc: pid: … !term`, from the filter module's own field list. */
export const FILTER_SYNTAX = `${FILTER_FIELDS.map((field) => `${field}:`).join(' ')} !term`;

/** `port:22,80,8000-8100 exposed:yes|no`: one example per kind of value, from the filter module. */
export const FILTER_VALUE_SYNTAX = Object.entries(FILTER_VALUES)
	.filter(([, values], index, all) => all.findIndex(([, first]) => first === values) === index)
	.map(([field, values]) => `${field}:${values}`)
	.join(' ');

/** `exposed:yes|no` while the word being typed is a field that takes more than a word, else null. */
export function filterValueHint(draft: string): string | null {
	const field = /(?:^|\s)!?([a-z]+):\S*$/.exec(draft)?.[1];
	const values = field === undefined ? undefined : FILTER_VALUES[field as keyof typeof FILTER_VALUES];
	return values === undefined ? null : `${field}:${values}`;
}

export const BINDINGS: readonly Binding[] = [
	{action: 'quit', keys: ['q', 'ctrl-c'], help: 'quit', modes: TABLE, hint: {label: 'quit', rank: 0}},
	{
		action: 'quit',
		keys: ['ctrl-c'],
		help: 'quit',
		modes: ['filter', 'help', 'detail', 'kill', 'kill-wait', 'scan-input', 'history'],
	},
	{action: 'suspend', keys: ['ctrl-z'], help: 'suspend (fg resumes)', modes: EVERY},
	{action: 'help', keys: ['?'], help: 'show / hide this help', modes: TABLE, hint: {label: 'help', rank: 1}},
	{action: 'next-pane', keys: ['tab'], help: 'next pane', modes: TABLE, hint: {label: 'pane', rank: 6}},
	{action: 'prev-pane', keys: ['shift-tab'], help: 'previous pane', modes: TABLE},
	{action: 'up', keys: ['up', 'k'], help: 'move up', modes: SCROLLING},
	{action: 'down', keys: ['down', 'j'], help: 'move down', modes: SCROLLING},
	{action: 'page-up', keys: ['pageup'], help: 'page up', modes: SCROLLING},
	{action: 'page-down', keys: ['pagedown'], help: 'page down', modes: SCROLLING},
	{action: 'top', keys: ['g', 'home'], help: 'first row', modes: SCROLLING},
	{action: 'bottom', keys: ['G', 'end'], help: 'last row', modes: SCROLLING},
	{
		action: 'filter',
		keys: ['/'],
		help: `filter ${FILTER_SYNTAX}`,
		more: `  e.g. ${FILTER_VALUE_SYNTAX}`,
		modes: TABLE,
		hint: {label: 'filter', rank: 2},
	},
	{
		action: 'filter-process',
		keys: ['p'],
		help: "filter to the selected row's process",
		modes: TABLE,
		onRow: true,
	},
	{
		action: 'filter-container',
		keys: ['c'],
		help: "filter to the selected row's container (or network namespace)",
		modes: TABLE,
		onRow: true,
	},
	{
		action: 'clear',
		keys: ['escape'],
		help: 'cancel the scan, close scan results, else clear the filter',
		modes: TABLE,
	},
	{action: 'sort-next', keys: ['>'], help: 'sort by the next column', modes: TABLE},
	{
		action: 'sort-prev',
		keys: ['<'],
		help: 'sort by the previous column',
		modes: TABLE,
		onTable: true,
		hint: {label: 'sort', rank: 8},
	},
	{action: 'sort-reverse', keys: ['I'], help: 'reverse the sort', modes: TABLE},
	{
		action: 'pause',
		keys: ['space'],
		help: 'pause / resume updates',
		modes: TABLE,
		hint: {label: 'pause', rank: 7},
	},
	{action: 'refresh', keys: ['r'], help: 'refresh now', modes: TABLE},
	{
		action: 'details',
		keys: ['enter'],
		help: "details of the selected row's process",
		modes: TABLE,
		onRow: true,
		hint: {label: 'details', short: 'info', rank: 5},
	},
	{
		// Not Delete: a stray Backspace after editing the filter must never open the kill dialog.
		action: 'kill',
		keys: ['K'],
		help: "terminate the selected row's process(es) (asks first)",
		modes: TABLE,
		onRow: true,
		hint: {label: 'kill', rank: 4},
	},
	{action: 'toggle-dns', keys: ['n'], help: 'toggle reverse DNS of remote addresses', modes: TABLE},
	{
		action: 'toggle-other-states',
		keys: ['o'],
		help: 'hide / show TIME_WAIT, CLOSE_WAIT and other states',
		modes: TABLE,
	},
	{action: 'scan', keys: ['s'], help: 'quick port scan', modes: TABLE, hint: {label: 'scan', rank: 3}},
	{
		// Capital: a pasted `echo …` must not switch screens under the user (test/ui/dashboard-defects).
		action: 'history',
		keys: ['H'],
		help: 'history: sockets opened, closed and changed since start, newest first',
		modes: TABLE,
		hint: {label: 'history', short: 'hist', rank: 9},
	},
	{
		action: 'cancel',
		keys: ['q', 'escape', 'H'],
		help: 'close',
		modes: ['history'],
		hint: {label: 'close', rank: 0},
	},
	{
		action: 'filter',
		keys: ['/'],
		help: `filter the history (its own filter; the table keeps its) ${FILTER_SYNTAX}`,
		modes: ['history'],
		hint: {label: 'filter', rank: 1},
	},
	{
		action: 'accept',
		keys: ['enter'],
		help: 'keep the filter',
		modes: ['filter'],
		hint: {label: 'keep', rank: 0},
	},
	{
		action: 'cancel',
		keys: ['escape'],
		help: 'back to the kept filter',
		modes: ['filter'],
		hint: {label: 'undo edit', short: 'undo', rank: 1},
	},
	{
		action: 'cancel',
		keys: ['q', 'escape', 'enter'],
		help: 'close',
		modes: ['detail'],
		hint: {label: 'close', rank: 0},
	},
	{
		action: 'cancel',
		keys: ['q', 'escape', '?'],
		help: 'close',
		modes: ['help'],
		hint: {label: 'close', rank: 0},
	},
	{
		action: 'accept',
		keys: ['enter'],
		help: 'start the scan',
		modes: ['scan-input'],
		hint: {label: 'start', rank: 0},
	},
	{
		action: 'next-field',
		keys: ['tab', 'shift-tab'],
		help: 'switch between target and ports',
		modes: ['scan-input'],
		hint: {label: 'switch field', short: 'field', rank: 2},
	},
	{
		action: 'cancel',
		keys: ['escape'],
		help: 'cancel',
		modes: ['scan-input'],
		hint: {label: 'cancel', rank: 1},
	},
	{action: 'confirm-yes', keys: ['y'], help: 'yes', modes: ['kill'], hint: {label: 'yes', rank: 0}},
	{action: 'confirm-no', keys: ['n', 'escape'], help: 'no', modes: ['kill'], hint: {label: 'no', rank: 0}},
];

export function actionFor(mode: Mode, name: string): Action | null {
	for (const binding of BINDINGS) {
		if (binding.modes.includes(mode) && binding.keys.includes(name)) return binding.action;
	}
	return null;
}

const DISPLAY: Record<string, string> = {
	up: '↑',
	down: '↓',
	pageup: 'PgUp',
	pagedown: 'PgDn',
	enter: 'Enter',
	escape: 'Esc',
	space: 'Space',
	tab: 'Tab',
	'shift-tab': 'S-Tab',
	delete: 'Del',
	home: 'Home',
	end: 'End',
	'ctrl-c': 'C-c',
	'ctrl-z': 'C-z',
};

export const displayKey = (name: string): string => DISPLAY[name] ?? name;

/** The key shown for an action in a mode (the first key of its binding), e.g. `o` for toggle-other-states. */
export function keyFor(action: Action, mode: Mode = 'table'): string {
	const binding = BINDINGS.find((candidate) => candidate.action === action && candidate.modes.includes(mode));
	if (!binding) throw new Error(`no key for ${action} in ${mode}`);
	return displayKey(binding.keys[0]!);
}

/** The keys shown for an action in a mode, joined: `n / Esc`. */
export function keysFor(action: Action, mode: Mode): string {
	const binding = BINDINGS.find((candidate) => candidate.action === action && candidate.modes.includes(mode));
	if (!binding) throw new Error(`no key for ${action} in ${mode}`);
	return binding.keys.map(displayKey).join(' / ');
}

export interface FooterHint {
	readonly key: string;
	readonly label: string;
	readonly short: string;
	readonly rank: number;
}

/**
 * The footer's hints for a mode, in keymap order. Row actions (Enter, K) only while a row
 * is selected (`rowSelected` false: focus on the scan pane, or a pane a filter emptied).
 */
export function footerHints(mode: Mode, options: {readOnly: boolean; rowSelected?: boolean}): FooterHint[] {
	return BINDINGS.filter((binding) => binding.hint && binding.modes.includes(mode))
		.filter((binding) => !(options.readOnly && binding.action === 'kill'))
		.filter((binding) => !((binding.onRow || binding.onTable) && options.rowSelected === false))
		.map((binding) => ({
			key: displayKey(binding.keys[0]!),
			label: binding.hint!.label,
			short: binding.hint!.short ?? binding.hint!.label,
			rank: binding.hint!.rank,
		}));
}

/** Every binding of a mode, one line per action, for the help screen. */
export function helpLines(options: {readOnly: boolean; mode?: Mode}): {keys: string; help: string}[] {
	const mode = options.mode ?? 'table';
	const seen = new Set<Action>();
	const lines: {keys: string; help: string}[] = [];
	for (const binding of BINDINGS) {
		if (!binding.modes.includes(mode) || seen.has(binding.action)) continue;
		if (options.readOnly && binding.action === 'kill') continue;
		seen.add(binding.action);
		lines.push({keys: binding.keys.map(displayKey).join(' '), help: binding.help});
		if (binding.more) lines.push({keys: '', help: binding.more});
	}
	return lines;
}

/** The scroll keys of a mode as one hint: `↑↓ PgUp PgDn g G`. */
export function scrollKeys(mode: Mode): string {
	return `${keyFor('up', mode)}${keyFor('down', mode)} ${keyFor('page-up', mode)} ${keyFor('page-down', mode)} ${keyFor('top', mode)} ${keyFor('bottom', mode)}`;
}

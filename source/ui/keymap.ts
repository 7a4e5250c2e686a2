// The one place keys are defined. The input handlers look actions up here and the
// help screen (`?`) and footer print from here, so they cannot disagree.

export type Mode = 'table' | 'filter' | 'help' | 'detail' | 'kill' | 'scan-input';

export type Action =
	| 'quit'
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
	| 'next-field';

export interface Binding {
	readonly action: Action;
	/** Key names as produced by `keyName`. The first is the one shown. */
	readonly keys: readonly string[];
	readonly help: string;
	readonly modes: readonly Mode[];
	/** Shown in the footer's short list for these modes. */
	readonly footer?: string;
}

const TABLE: Mode[] = ['table'];

export const BINDINGS: readonly Binding[] = [
	{action: 'quit', keys: ['q', 'ctrl-c'], help: 'quit', modes: ['table', 'help', 'detail'], footer: 'quit'},
	{action: 'quit', keys: ['ctrl-c'], help: 'quit', modes: ['filter', 'kill', 'scan-input']},
	{action: 'help', keys: ['?'], help: 'show / hide this help', modes: ['table', 'help'], footer: 'help'},
	{action: 'next-pane', keys: ['tab'], help: 'next pane', modes: TABLE, footer: 'pane'},
	{action: 'prev-pane', keys: ['shift-tab'], help: 'previous pane', modes: TABLE},
	{action: 'up', keys: ['up', 'k'], help: 'move up', modes: ['table', 'detail', 'help']},
	{action: 'down', keys: ['down', 'j'], help: 'move down', modes: ['table', 'detail', 'help']},
	{action: 'page-up', keys: ['pageup'], help: 'page up', modes: ['table', 'detail', 'help']},
	{action: 'page-down', keys: ['pagedown'], help: 'page down', modes: ['table', 'detail', 'help']},
	{action: 'top', keys: ['g', 'home'], help: 'first row', modes: TABLE},
	{action: 'bottom', keys: ['G', 'end'], help: 'last row', modes: TABLE},
	{
		action: 'filter',
		keys: ['/'],
		help: 'filter (proc: pid: port: state: proto: addr: user: !neg)',
		modes: TABLE,
		footer: 'filter',
	},
	{action: 'filter-process', keys: ['p'], help: "filter to the selected row's process", modes: TABLE},
	{action: 'clear', keys: ['escape'], help: 'cancel a running scan, else clear the filter', modes: TABLE},
	{action: 'sort-next', keys: ['>'], help: 'sort by the next column', modes: TABLE},
	{action: 'sort-prev', keys: ['<'], help: 'sort by the previous column', modes: TABLE, footer: 'sort'},
	{action: 'sort-reverse', keys: ['I'], help: 'reverse the sort', modes: TABLE},
	{action: 'pause', keys: ['space'], help: 'pause / resume updates', modes: TABLE, footer: 'pause'},
	{action: 'refresh', keys: ['r'], help: 'refresh now', modes: TABLE},
	{
		action: 'details',
		keys: ['enter'],
		help: "details of the selected row's process",
		modes: TABLE,
		footer: 'details',
	},
	{
		// Not Delete: Ink 6.8 reports Backspace (\x7f) as "delete" too, so a stray
		// Backspace after editing the filter would open the kill dialog.
		action: 'kill',
		keys: ['K'],
		help: "terminate the selected row's process (asks first)",
		modes: TABLE,
		footer: 'kill',
	},
	{action: 'toggle-dns', keys: ['n'], help: 'toggle reverse DNS of remote addresses', modes: TABLE},
	{
		action: 'toggle-other-states',
		keys: ['o'],
		help: 'hide / show TIME_WAIT, CLOSE_WAIT and other states',
		modes: TABLE,
	},
	{action: 'scan', keys: ['s'], help: 'quick port scan', modes: TABLE, footer: 'scan'},
	{action: 'accept', keys: ['enter'], help: 'keep the filter', modes: ['filter'], footer: 'keep'},
	{action: 'cancel', keys: ['escape'], help: 'clear the filter', modes: ['filter'], footer: 'clear'},
	{action: 'cancel', keys: ['escape', 'q', 'enter'], help: 'close', modes: ['detail'], footer: 'close'},
	{action: 'cancel', keys: ['escape', '?', 'q'], help: 'close', modes: ['help'], footer: 'close'},
	{action: 'accept', keys: ['enter'], help: 'start the scan', modes: ['scan-input'], footer: 'start'},
	{
		action: 'next-field',
		keys: ['tab', 'shift-tab'],
		help: 'switch between target and ports',
		modes: ['scan-input'],
		footer: 'field',
	},
	{action: 'cancel', keys: ['escape'], help: 'cancel', modes: ['scan-input'], footer: 'cancel'},
	{action: 'confirm-yes', keys: ['y'], help: 'yes', modes: ['kill'], footer: 'yes'},
	{action: 'confirm-no', keys: ['n', 'escape'], help: 'no', modes: ['kill'], footer: 'no'},
];

export interface KeyEvent {
	upArrow?: boolean;
	downArrow?: boolean;
	leftArrow?: boolean;
	rightArrow?: boolean;
	pageUp?: boolean;
	pageDown?: boolean;
	home?: boolean;
	end?: boolean;
	return?: boolean;
	escape?: boolean;
	tab?: boolean;
	shift?: boolean;
	ctrl?: boolean;
	meta?: boolean;
	delete?: boolean;
	backspace?: boolean;
}

/** The keys in a chunk that Ink delivered as one event, each as Ink would have reported it alone. */
export function splitChunk(chunk: string): {input: string; key: KeyEvent}[] {
	return [...chunk].map((char) => {
		const code = char.codePointAt(0)!;
		if (char === '\r' || char === '\n') return {input: '', key: {return: true}};
		if (char === '\t') return {input: '', key: {tab: true}};
		if (char === '\x7f' || char === '\b') return {input: '', key: {delete: true}};
		if (char === '\x1b') return {input: '', key: {escape: true}};
		if (code < 0x20) return {input: String.fromCharCode(code + 96), key: {ctrl: true}};
		return {input: char, key: {}};
	});
}

/** One name per key press, from Ink's `useInput` arguments. */
export function keyName(input: string, key: KeyEvent): string {
	if (key.ctrl && input === 'c') return 'ctrl-c';
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.leftArrow) return 'left';
	if (key.rightArrow) return 'right';
	if (key.pageUp) return 'pageup';
	if (key.pageDown) return 'pagedown';
	if (key.home) return 'home';
	if (key.end) return 'end';
	if (key.tab) return key.shift ? 'shift-tab' : 'tab';
	if (key.return) return 'enter';
	if (key.escape) return 'escape';
	if (key.delete) return 'delete';
	if (key.backspace) return 'backspace';
	if (input === ' ') return 'space';
	if (key.ctrl) return `ctrl-${input}`;
	return input;
}

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
};

export const displayKey = (name: string): string => DISPLAY[name] ?? name;

/** The short key list for the footer in a mode. */
export function footerKeys(mode: Mode, options: {readOnly: boolean}): {key: string; label: string}[] {
	return BINDINGS.filter((binding) => binding.footer && binding.modes.includes(mode))
		.filter((binding) => !(options.readOnly && binding.action === 'kill'))
		.map((binding) => ({key: displayKey(binding.keys[0]!), label: binding.footer!}));
}

/** Every binding of the table view, grouped for the help screen. */
export function helpLines(options: {readOnly: boolean}): {keys: string; help: string}[] {
	const seen = new Set<Action>();
	const lines: {keys: string; help: string}[] = [];
	for (const binding of BINDINGS) {
		if (!binding.modes.includes('table') || seen.has(binding.action)) continue;
		if (options.readOnly && binding.action === 'kill') continue;
		seen.add(binding.action);
		lines.push({keys: binding.keys.map(displayKey).join(' '), help: binding.help});
	}
	return lines;
}

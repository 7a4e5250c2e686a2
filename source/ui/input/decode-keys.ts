// Terminal input → key presses, one per key, whatever arrived together. Pure: the
// input hook (use-key-reads.ts) feeds it what Ink read from stdin.

/** One key: `name` is what the keymap binds (`j`, `K`, `enter`, `ctrl-c`, `up`); `text` is what it types. */
export interface DecodedKey {
	readonly name: string;
	readonly text: string;
}

const SEQUENCES: Record<string, string> = {
	'[A': 'up',
	'[B': 'down',
	'[C': 'right',
	'[D': 'left',
	'[H': 'home',
	'[F': 'end',
	'[1~': 'home',
	'[4~': 'end',
	'[7~': 'home',
	'[8~': 'end',
	'[2~': 'insert',
	'[3~': 'delete',
	'[5~': 'pageup',
	'[6~': 'pagedown',
	'[Z': 'shift-tab',
	OA: 'up',
	OB: 'down',
	OC: 'right',
	OD: 'left',
	OH: 'home',
	OF: 'end',
	'[[A': 'f1',
};

const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

function control(char: string): DecodedKey {
	if (char === '\r' || char === '\n') return {name: 'enter', text: ''};
	if (char === '\t') return {name: 'tab', text: ''};
	if (char === '\x7f' || char === '\b') return {name: 'backspace', text: ''};
	if (char === '\x00') return {name: 'ctrl-space', text: ''};
	return {name: `ctrl-${String.fromCharCode(char.charCodeAt(0) + 96)}`, text: ''};
}

/** The escape sequence starting at `at` (just after ESC), or null when it is not one. */
function sequenceAt(input: string, at: number): {name: string; end: number} | null {
	const kind = input[at];
	if (kind === 'O' && at + 1 < input.length) {
		const body = input.slice(at, at + 2);
		return {name: SEQUENCES[body] ?? 'unknown', end: at + 2};
	}
	if (kind !== '[') return null;
	// CSI: parameters 0x30-0x3f, intermediates 0x20-0x2f, one final byte 0x40-0x7e.
	let end = at + 1;
	if (input[end] === '[') end++; // the Linux console's ESC [ [ A
	while (end < input.length && /[\x20-\x3f]/.test(input[end]!)) end++;
	if (end >= input.length || !/[\x40-\x7e]/.test(input[end]!)) return {name: 'unknown', end};
	const body = input.slice(at, end + 1);
	// Modified arrows (`[1;5A`, Ctrl-Up) act as the plain key: socktop binds no modified keys.
	const plain = /^\[1;\d+([A-H])$/.exec(body);
	return {name: SEQUENCES[plain ? `[${plain[1]}` : body] ?? 'unknown', end: end + 1};
}

/**
 * Every key in `input`. Esc followed by a key in the same read (Alt+key, or Esc typed
 * just before a key over a slow link) is Esc and then that key: socktop binds no Alt
 * combinations. Printable text is split by grapheme, so an emoji is one key.
 */
export function decodeKeys(input: string): DecodedKey[] {
	const keys: DecodedKey[] = [];
	let i = 0;
	while (i < input.length) {
		const char = input[i]!;
		if (char === '\x1b') {
			const sequence = sequenceAt(input, i + 1);
			if (sequence) {
				keys.push({name: sequence.name, text: ''});
				i = sequence.end;
			} else {
				keys.push({name: 'escape', text: ''});
				i++;
			}
			continue;
		}
		const code = char.charCodeAt(0);
		if (code < 0x20 || code === 0x7f) {
			keys.push(control(char));
			i++;
			continue;
		}
		let end = i;
		while (end < input.length && !/[\x00-\x1f\x7f]/.test(input[end]!)) end++;
		for (const {segment} of segmenter.segment(input.slice(i, end))) {
			if (/^[\x80-\x9f]+$/.test(segment)) continue; // C1 controls: never typed
			keys.push({name: segment === ' ' ? 'space' : segment, text: segment});
		}
		i = end;
	}
	return keys;
}

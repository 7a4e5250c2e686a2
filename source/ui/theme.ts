// Semantic styles: components ask for "new row" or "error", never for a colour.
// The no-colour theme (NO_COLOR / --no-color / FORCE_COLOR=0) keeps every distinction
// through text attributes (inverse, bold, dim) and the row markers, which never depend
// on colour. The glyph set (Unicode or ASCII) is chosen here too, once, from the
// environment, and reaches every component through the theme.

export interface Style {
	readonly color?: string;
	readonly backgroundColor?: string;
	readonly bold?: boolean;
	readonly dimColor?: boolean;
	readonly inverse?: boolean;
}

/** Every non-ASCII mark the dashboard draws, so a non-UTF-8 terminal gets ASCII ones. */
export interface Glyphs {
	/** Before the focused pane's title. */
	readonly focus: string;
	/** Rows hidden above / below a pane's window. */
	readonly up: string;
	readonly down: string;
	/** Sort direction. */
	readonly ascending: string;
	readonly descending: string;
	/** Marker of a closed row (new rows are `+` in both sets). */
	readonly closed: string;
	/** Where text was cut; one cell wide. */
	readonly ellipsis: string;
	/** Between hints and figures on one line (`Enter start · Tab switch field`). */
	readonly separator: string;
	/** A text field's cursor, drawn inverse. */
	readonly cursor: string;
	/** The filled part of a progress bar. */
	readonly bar: string;
	/** Points from a scanned port to the local process listening on it. */
	readonly owner: string;
	/**
	 * Before an age that is a lower bound (a socket open when socktop started: `≥3m`).
	 * Two characters in ASCII (`>=`): `>` alone would say "more than". Ages are formatted
	 * with it (CellContext.atLeast) so the column is measured with its real width.
	 */
	readonly atLeast: string;
}

export const UNICODE_GLYPHS: Glyphs = {
	focus: '▶',
	up: '↑',
	down: '↓',
	ascending: '▲',
	descending: '▼',
	closed: '×',
	ellipsis: '…',
	separator: '·',
	cursor: '▏',
	bar: '█',
	owner: '←',
	atLeast: '≥',
};

export const ASCII_GLYPHS: Glyphs = {
	focus: '>',
	up: '^',
	down: 'v',
	ascending: '^',
	descending: 'v',
	closed: 'x',
	ellipsis: '~',
	separator: '-',
	cursor: '|',
	bar: '#',
	owner: '<',
	atLeast: '>=',
};

export interface Theme {
	readonly name: 'colour' | 'plain';
	readonly glyphs: Glyphs;
	readonly title: Style;
	readonly paneTitle: Style;
	readonly paneTitleFocused: Style;
	readonly columnHeader: Style;
	readonly row: Style;
	readonly selected: Style;
	readonly newRow: Style;
	readonly closedRow: Style;
	readonly muted: Style;
	readonly key: Style;
	readonly error: Style;
	readonly warning: Style;
	readonly paused: Style;
	readonly ok: Style;
}

export const colourTheme: Theme = {
	name: 'colour',
	glyphs: UNICODE_GLYPHS,
	title: {bold: true, color: 'cyan'},
	paneTitle: {bold: true},
	paneTitleFocused: {bold: true, color: 'cyan'},
	columnHeader: {bold: true, color: 'gray'},
	row: {},
	selected: {inverse: true},
	newRow: {color: 'green'},
	closedRow: {color: 'red', dimColor: true},
	muted: {dimColor: true},
	key: {bold: true, color: 'cyan'},
	error: {bold: true, color: 'red'},
	warning: {color: 'yellow'},
	paused: {bold: true, inverse: true, color: 'yellow'},
	ok: {color: 'green'},
};

export const plainTheme: Theme = {
	name: 'plain',
	glyphs: UNICODE_GLYPHS,
	title: {bold: true},
	paneTitle: {bold: true},
	paneTitleFocused: {bold: true, inverse: true},
	columnHeader: {bold: true},
	row: {},
	selected: {inverse: true},
	newRow: {bold: true},
	closedRow: {dimColor: true},
	muted: {dimColor: true},
	key: {bold: true},
	error: {bold: true},
	warning: {bold: true},
	paused: {bold: true, inverse: true},
	ok: {},
};

const UNICODE_MARKS = new Map(
	(Object.keys(UNICODE_GLYPHS) as (keyof Glyphs)[]).map((name) => [UNICODE_GLYPHS[name], name]),
);

/**
 * Text written with the Unicode marks (`↑↓ scroll`, `reading…`, `a · b`) in the theme's
 * glyphs: the same text under UTF-8, ASCII marks under a C locale or TERM=linux.
 */
export function glyphText(text: string, glyphs: Glyphs): string {
	if (glyphs === UNICODE_GLYPHS) return text;
	let out = '';
	for (const char of text) {
		const name = UNICODE_MARKS.get(char);
		out += name ? glyphs[name] : char;
	}
	return out;
}

/** Row markers: visible with or without colour. */
export function markerFor(status: 'new' | 'closed' | 'open', glyphs: Glyphs): string {
	return status === 'new' ? '+' : status === 'closed' ? glyphs.closed : ' ';
}

export function themeFor(useColour: boolean, glyphs: Glyphs = UNICODE_GLYPHS): Theme {
	const theme = useColour ? colourTheme : plainTheme;
	return glyphs === theme.glyphs ? theme : {...theme, glyphs};
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Whether the terminal's character set is UTF-8, as a C program decides it
 * (setlocale + nl_langinfo(CODESET)): the first of LC_ALL, LC_CTYPE, LANG that is
 * set names the locale, and an unset locale is "C", which is ASCII. The Linux console
 * (TERM=linux) and real VTs lack the arrow and triangle glyphs whatever the locale.
 */
export function isUtf8Terminal(env: Env): boolean {
	const term = env.TERM ?? '';
	if (term === 'linux' || /^vt\d/.test(term)) return false;
	const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
	return /utf-?8/i.test(locale);
}

/**
 * Colours unless the user said no: `--no-color` (the flag, passed in), NO_COLOR set
 * to anything (no-color.org), or FORCE_COLOR=0/false (the colour libraries' own switch).
 * "No colour" keeps inverse, bold and dim: they carry the selection and the row states.
 */
export function wantsColour(flag: boolean, env: Env): boolean {
	if (!flag || env.NO_COLOR) return false;
	const force = env.FORCE_COLOR;
	return !(force === '0' || force === 'false');
}

/** The theme for this run: colour from the flag and environment, glyphs from the locale. */
export function themeFromEnv(colourFlag: boolean, env: Env): Theme {
	return themeFor(wantsColour(colourFlag, env), isUtf8Terminal(env) ? UNICODE_GLYPHS : ASCII_GLYPHS);
}

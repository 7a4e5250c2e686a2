// Semantic styles: components ask for "new row" or "error", never for a colour.
// The no-colour theme (NO_COLOR / --no-color) keeps every distinction through
// text attributes (inverse, bold, dim) and the row markers, which never depend on colour.

export interface Style {
	readonly color?: string;
	readonly backgroundColor?: string;
	readonly bold?: boolean;
	readonly dimColor?: boolean;
	readonly inverse?: boolean;
}

export interface Theme {
	readonly name: 'colour' | 'plain';
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

/** Row markers: visible with or without colour. */
export const MARKERS = {new: '+', closed: '×', open: ' '} as const;

export function themeFor(useColour: boolean): Theme {
	return useColour ? colourTheme : plainTheme;
}

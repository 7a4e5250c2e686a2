// Pure layout: how many lines each part of the screen gets. The frame is kept at
// most rows - 1 lines: at `rows` lines Ink 6.8 clears and redraws the whole
// screen on every render (see docs/ink-6.8.md), which floods a slow SSH link.

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 16;
export const HEADER_LINES = 2;
export const FOOTER_LINES = 2;
/** Each table pane: a title line and a column header line. */
export const PANE_CHROME = 2;

export interface Layout {
	readonly fits: boolean;
	readonly width: number;
	readonly height: number;
	/** Visible data rows per table pane. */
	readonly listeningRows: number;
	readonly establishedRows: number;
	readonly scanLines: number;
}

export function computeLayout(
	columns: number | undefined,
	rows: number | undefined,
	counts: {listening: number; established: number; scanLines: number},
): Layout {
	// Unknown sizes (0/undefined) are treated as the smallest supported terminal.
	const width = columns && columns > 0 ? columns : 80;
	const total = rows && rows > 0 ? rows : 24;
	const height = total - 1;
	if (width < MIN_COLUMNS || total < MIN_ROWS) {
		return {fits: false, width, height, listeningRows: 0, establishedRows: 0, scanLines: 0};
	}
	const scanLines = Math.min(counts.scanLines, Math.max(3, Math.floor(height / 4)));
	const body = height - HEADER_LINES - FOOTER_LINES - scanLines - 2 * PANE_CHROME;
	// Listening gets up to 40% (at least 3 rows), established the rest; space one
	// pane does not need goes to the other.
	let listeningRows = Math.max(3, Math.floor(body * 0.4));
	listeningRows = Math.min(listeningRows, Math.max(1, counts.listening));
	let establishedRows = body - listeningRows;
	if (counts.established < establishedRows) {
		const spare = establishedRows - Math.max(1, counts.established);
		establishedRows -= spare;
		listeningRows = Math.min(listeningRows + spare, Math.max(1, counts.listening), body - establishedRows);
	}
	// Hand any unused lines to the established pane so the frame height stays constant.
	establishedRows = body - listeningRows;
	return {fits: true, width, height, listeningRows, establishedRows, scanLines};
}

/** The first visible row so that `selected` is on screen, moving as little as possible. */
export function scrollWindow(
	previousStart: number,
	selected: number,
	visible: number,
	total: number,
): number {
	if (total <= visible) return 0;
	let start = Math.min(Math.max(0, previousStart), total - visible);
	if (selected < start) start = selected;
	else if (selected >= start + visible) start = selected - visible + 1;
	return Math.max(0, Math.min(start, total - visible));
}

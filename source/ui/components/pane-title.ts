// A table pane's text (pure: no Ink): its title line, and a row's line after the cells. The
// Ink pane (table-pane.tsx) and the plain first frame (plain-frame.ts) both draw with these.
import type {Row} from '../../store/snapshot.js';
import {type FittedColumn, formatHeader} from '../model/columns.js';
import {fitSegments, fitText, type Segment} from '../model/text-fit.js';
import {type Glyphs, markerFor} from '../theme.js';

interface TitleProps {
	readonly title: string;
	readonly focused: boolean;
	readonly sort: {readonly label: string; readonly descending: boolean};
	readonly start: number;
	readonly total: number;
	readonly loading?: boolean;
	readonly noData?: boolean;
	readonly note: string;
}

/**
 * The title line's parts after the pane's name: where the window is, how many rows it
 * hides, the sort, and the caller's note. Shortened, then dropped, from the left-most
 * extra first; the name and count stay.
 */
export function titleParts(
	props: Pick<TitleProps, 'start' | 'total' | 'sort' | 'note'> & {shown: number},
	glyphs: Glyphs,
): Segment[] {
	const {start, total, shown} = props;
	const below = Math.max(0, total - start - shown);
	const window = total > shown ? [`rows ${start + 1}-${start + shown} of ${total}`, ''] : [''];
	const above = start > 0 ? `${glyphs.up}${start}` : '';
	const after = below > 0 ? `${glyphs.down}${below}` : '';
	const more = [
		[above && `${above} above`, after && `${after} below`].filter(Boolean).join(' '),
		[above, after].filter(Boolean).join(' '),
	];
	const arrow = props.sort.descending ? glyphs.descending : glyphs.ascending;
	const note = props.note.trim();
	return [
		{forms: window, rank: 0},
		{forms: more, rank: 1},
		{forms: [`sort: ${props.sort.label} ${arrow}`, `${props.sort.label} ${arrow}`], rank: 2},
		// A hint is left out whole rather than cut.
		{forms: note ? [note, ''] : [''], rank: 3},
	];
}

/** The title line: the pane's name and count (`heading`), then what of titleParts fits (`extras`). */
export function paneTitle(
	props: TitleProps & {shown: number},
	glyphs: Glyphs,
	width: number,
): {heading: string; extras: string} {
	const heading = `${props.focused ? `${glyphs.focus} ` : '  '}${props.title} (${props.loading ? `loading${glyphs.ellipsis}` : props.noData ? 'no data' : props.total})`;
	const extras = fitSegments(titleParts(props, glyphs), width - heading.length - 2, '  ', glyphs.ellipsis)
		.filter(Boolean)
		.join('  ');
	return {heading, extras};
}

/**
 * A row's line: column 1 the selection pointer, column 2 the change marker (+ new, × closed),
 * so both survive NO_COLOR; then CELLS (formatCells, glyphText), cut to WIDTH.
 */
export function rowLine(row: Row, pointed: boolean, cells: string, width: number, glyphs: Glyphs): string {
	const pointer = pointed ? '>' : ' ';
	const marker = markerFor(row.status, glyphs);
	return fitText(`${pointer}${marker}${cells}`, width, 'left', false, glyphs.ellipsis);
}

/** The column heads' line, cut to WIDTH. */
export function columnHeaderLine(fitted: readonly FittedColumn[], width: number, glyphs: Glyphs): string {
	return fitText(formatHeader(fitted, glyphs.ellipsis), width, 'left', false, glyphs.ellipsis);
}

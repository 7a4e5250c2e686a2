import {Box, Text} from 'ink';
import {memo, useRef} from 'react';
import type {Row} from '../../store/snapshot.js';
import {type FittedColumn, formatCells, formatHeader} from '../model/columns.js';
import {fitSegments, fitText, type Segment} from '../model/text-fit.js';
import type {CellContext} from '../model/view-row.js';
import {type Glyphs, glyphText, markerFor, type Theme} from '../theme.js';
import {StyledText} from './styled-text.js';

interface TablePaneProps {
	readonly title: string;
	readonly focused: boolean;
	readonly fitted: readonly FittedColumn[];
	/** The sort column's name and direction; the arrow comes from the theme's glyphs. */
	readonly sort: {readonly label: string; readonly descending: boolean};
	/** Only the rows that fit: windowing happens before rendering. */
	readonly rows: readonly Row[];
	readonly start: number;
	readonly total: number;
	readonly height: number;
	readonly width: number;
	readonly selectedKey: string | null;
	readonly context: CellContext;
	readonly emptyText: string;
	/** No data yet: the title says so instead of a count of 0. */
	readonly loading?: boolean;
	/** No data at all (the first polls failed or timed out): `(no data)`, not `(0)`. */
	readonly noData?: boolean;
	readonly note: string;
	readonly theme: Theme;
}

function rowStyle(row: Row, selected: boolean, focused: boolean, theme: Theme) {
	const base = row.status === 'new' ? theme.newRow : row.status === 'closed' ? theme.closedRow : theme.row;
	return selected && focused ? {...base, ...theme.selected} : base;
}

/**
 * The title line's parts after the pane's name: where the window is, how many rows it
 * hides, the sort, and the caller's note. Shortened, then dropped, from the left-most
 * extra first; the name and count stay.
 */
export function titleParts(
	props: Pick<TablePaneProps, 'start' | 'total' | 'sort' | 'note'> & {shown: number},
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

const fittedKey = (fitted: readonly FittedColumn[]) =>
	fitted.map(({column, width}) => `${column.id}:${width}`).join(' ');

/**
 * A row's cells as text, remembered per row object while the columns, their widths, the
 * context and the glyphs stay the same: the store keeps a row's object while it does not
 * change, so a refresh formats only the rows that did.
 */
function useRowCells(fitted: readonly FittedColumn[], context: CellContext, glyphs: Glyphs) {
	const key = fittedKey(fitted);
	const memory = useRef<{key: string; context: CellContext; glyphs: Glyphs; cells: WeakMap<Row, string>}>(
		null,
	);
	const current = memory.current;
	const cells =
		current && current.key === key && current.context === context && current.glyphs === glyphs
			? current.cells
			: new WeakMap<Row, string>();
	memory.current = {key, context, glyphs, cells};
	return (row: Row) => {
		let text = cells.get(row);
		if (text === undefined) {
			// Ages of sockets open at start carry `≥`, which a C locale cannot show.
			text = glyphText(formatCells(row, fitted, context, glyphs.ellipsis), glyphs);
			cells.set(row, text);
		}
		return text;
	};
}

export const TablePane = memo(function TablePane(props: TablePaneProps) {
	const {title, focused, fitted, rows, height, width, selectedKey, context, theme} = props;
	const {glyphs} = theme;
	const heading = `${focused ? `${glyphs.focus} ` : '  '}${title} (${props.loading ? `loading${glyphs.ellipsis}` : props.noData ? 'no data' : props.total})`;
	const extras = fitSegments(
		titleParts({...props, shown: rows.length}, glyphs),
		width - heading.length - 2,
		'  ',
		glyphs.ellipsis,
	)
		.filter(Boolean)
		.join('  ');
	const cellsOf = useRowCells(fitted, context, glyphs);
	const lines = rows.map((row) => {
		const selected = row.key === selectedKey;
		// Column 1: the selection pointer; column 2: the change marker (+ new, × closed),
		// so both survive NO_COLOR.
		const pointer = selected && focused ? '>' : ' ';
		const marker = markerFor(row.status, glyphs);
		const cells = cellsOf(row);
		const line = fitText(`${pointer}${marker}${cells}`, width, 'left', false, glyphs.ellipsis);
		return (
			<StyledText key={row.key} style={rowStyle(row, selected, focused, theme)}>
				{line}
			</StyledText>
		);
	});
	return (
		<Box flexDirection="column" height={height + 2}>
			<Text wrap="truncate">
				<StyledText style={focused ? theme.paneTitleFocused : theme.paneTitle}>{heading}</StyledText>
				<StyledText style={theme.muted}>{extras ? `  ${extras}` : ''}</StyledText>
			</Text>
			<StyledText style={theme.columnHeader}>
				{fitText(formatHeader(fitted, glyphs.ellipsis), width, 'left', false, glyphs.ellipsis)}
			</StyledText>
			{lines}
			{rows.length === 0 && height > 0 ? (
				<StyledText style={theme.muted}>{`  ${props.emptyText}`}</StyledText>
			) : null}
		</Box>
	);
});

import {Box, Text} from 'ink';
import {memo, useRef} from 'react';
import type {Row} from '../../store/snapshot.js';
import {type FittedColumn, formatCells} from '../model/columns.js';
import type {CellContext} from '../model/view-row.js';
import {type Glyphs, glyphText, type Theme} from '../theme.js';
import {columnHeaderLine, paneTitle, rowLine} from './pane-title.js';
import {StyledText} from './styled-text.js';

export interface TablePaneProps {
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
	const {focused, fitted, rows, height, width, selectedKey, context, theme} = props;
	const {glyphs} = theme;
	const {heading, extras} = paneTitle({...props, shown: rows.length}, glyphs, width);
	const cellsOf = useRowCells(fitted, context, glyphs);
	const lines = rows.map((row) => {
		const selected = row.key === selectedKey;
		const line = rowLine(row, selected && focused, cellsOf(row), width, glyphs);
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
			<StyledText style={theme.columnHeader}>{columnHeaderLine(fitted, width, glyphs)}</StyledText>
			{lines}
			{rows.length === 0 && height > 0 ? (
				<StyledText style={theme.muted}>{`  ${props.emptyText}`}</StyledText>
			) : null}
		</Box>
	);
});

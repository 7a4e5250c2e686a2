import {Box, Text} from 'ink';
import {memo} from 'react';
import type {Row} from '../../store/snapshot.js';
import {type FittedColumn, formatCells, formatHeader} from '../model/columns.js';
import {fitText} from '../model/text-fit.js';
import type {CellContext} from '../model/view-row.js';
import {MARKERS, type Theme} from '../theme.js';
import {StyledText} from './styled-text.js';

interface TablePaneProps {
	readonly title: string;
	readonly focused: boolean;
	readonly fitted: readonly FittedColumn[];
	readonly sortLabel: string;
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
	readonly note: string;
	readonly theme: Theme;
}

function rowStyle(row: Row, selected: boolean, focused: boolean, theme: Theme) {
	const base = row.status === 'new' ? theme.newRow : row.status === 'closed' ? theme.closedRow : theme.row;
	return selected && focused ? {...base, ...theme.selected} : base;
}

export const TablePane = memo(function TablePane(props: TablePaneProps) {
	const {title, focused, fitted, rows, start, total, height, width, selectedKey, context, theme} = props;
	const below = Math.max(0, total - start - rows.length);
	const position = total > rows.length ? `  rows ${start + 1}-${start + rows.length} of ${total}` : '';
	const more = [start > 0 ? `↑${start} above` : '', below > 0 ? `↓${below} below` : '']
		.filter(Boolean)
		.join(' ');
	const lines = rows.map((row) => {
		const selected = row.key === selectedKey;
		// Column 1: the selection pointer; column 2: the change marker (+ new, × closed),
		// so both survive NO_COLOR.
		const pointer = selected && focused ? '>' : ' ';
		const marker = MARKERS[row.status];
		const line = fitText(`${pointer}${marker}${formatCells(row, fitted, context)}`, width);
		return (
			<StyledText key={row.key} style={rowStyle(row, selected, focused, theme)}>
				{line}
			</StyledText>
		);
	});
	return (
		<Box flexDirection="column" height={height + 2}>
			<Text wrap="truncate">
				<StyledText style={focused ? theme.paneTitleFocused : theme.paneTitle}>
					{`${focused ? '▶ ' : '  '}${title} (${props.loading ? 'loading…' : total})`}
				</StyledText>
				<StyledText
					style={theme.muted}
				>{`${position}  ${more}  sort: ${props.sortLabel}${props.note}`}</StyledText>
			</Text>
			<StyledText style={theme.columnHeader}>{fitText(formatHeader(fitted), width)}</StyledText>
			{lines}
			{rows.length === 0 && height > 0 ? (
				<StyledText style={theme.muted}>{`  ${props.emptyText}`}</StyledText>
			) : null}
		</Box>
	);
});

import {Box, Text} from 'ink';
import type {TimelineEntry} from '../../store/event-timeline.js';
import {keyFor, scrollKeys} from '../keymap.js';
import {clockTime, historyLine} from '../model/history-lines.js';
import {fitText} from '../model/text-fit.js';
import {glyphText, type Theme} from '../theme.js';
import {StyledText} from './styled-text.js';

/** Event lines that fit under the title. */
export const historyRoom = (height: number): number => Math.max(1, height - 1);

export interface HistoryViewProps {
	/** The events the filter keeps, newest first. */
	readonly entries: readonly TimelineEntry[];
	/** Events kept in memory before the filter, and recorded in all. */
	readonly kept: number;
	readonly total: number;
	readonly start: {readonly at: number; readonly open: number} | null;
	readonly filtered: boolean;
	readonly now: number;
	readonly height: number;
	readonly width: number;
	/** First line shown; clamped by the controller. */
	readonly scroll: number;
	readonly theme: Theme;
}

/**
 * The title's note cut at field boundaries, never inside a word: the scroll keys go first,
 * then what was forgotten, then since when (as the panes' titles do).
 */
function titleNote([count, since, forgotten, lines, keys]: readonly string[], room: number): string {
	const tries = [
		[count, since, forgotten, lines, keys],
		[count, since, forgotten, lines],
		[count, since, lines],
		[count, lines],
		[count],
	];
	for (const parts of tries) {
		const text = parts.join('');
		if (text.length <= room) return text;
	}
	return '';
}

/** The timeline, newest first; only the lines on screen are formatted. */
export function HistoryView(props: HistoryViewProps) {
	const {entries, height, width, theme, now} = props;
	const room = historyRoom(height);
	const first = Math.max(0, Math.min(props.scroll, entries.length - room));
	const shown = entries.slice(first, first + room);
	const g = (text: string) => glyphText(text, theme.glyphs);
	const forgotten = props.total > props.kept ? `, oldest ${props.total - props.kept} forgotten` : '';
	// Once the oldest events are gone, "since <start>" would claim a history that is not there.
	const since = !props.start
		? ' (reading sockets…)'
		: forgotten
			? ''
			: ` since ${clockTime(props.start.at, now)} (${props.start.open} open then, not listed)`;
	const count = props.filtered
		? `${entries.length} of ${props.kept} events match`
		: `${entries.length} events`;
	const lines = entries.length > room ? `  ${first + 1}-${first + shown.length}` : '';
	const keys = lines ? ` (${scrollKeys('history')})` : '';
	const empty = props.filtered
		? 'no events match the filter'
		: `no events yet: sockets that open, close or change show here (${keyFor('cancel', 'history')} closes)`;
	return (
		<Box flexDirection="column" height={height}>
			<Text wrap="truncate">
				<StyledText style={theme.paneTitleFocused}>History</StyledText>
				<StyledText style={theme.muted}>
					{g(titleNote([`  ${count}`, since, forgotten, lines, keys], width - 7))}
				</StyledText>
			</Text>
			{shown.length === 0 ? (
				<StyledText style={theme.muted}>
					{fitText(`  ${empty}`, width, 'left', false, theme.glyphs.ellipsis)}
				</StyledText>
			) : (
				shown.map((entry) => (
					<Text key={entry.seq} wrap="truncate">
						{fitText(g(historyLine(entry, now)), width, 'left', false, theme.glyphs.ellipsis)}
					</Text>
				))
			)}
		</Box>
	);
}

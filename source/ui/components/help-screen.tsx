import {Box, Text} from 'ink';
import {helpLines} from '../keymap.js';
import type {Theme} from '../theme.js';
import {StyledText} from './styled-text.js';

/** Every key, read from the keymap so it cannot drift from the handlers. */
export function HelpScreen({
	height,
	scroll,
	readOnly,
	theme,
}: {
	height: number;
	scroll: number;
	readOnly: boolean;
	theme: Theme;
}) {
	const lines = helpLines({readOnly});
	const width = Math.max(...lines.map((line) => line.keys.length));
	// Title and a "more" line take two; the rest scrolls with ↑↓ when it does not fit.
	const room = Math.max(1, height - 2);
	const start = Math.max(0, Math.min(scroll, lines.length - room));
	const shown = lines.slice(start, start + room);
	const after = lines.length - start - shown.length;
	return (
		<Box flexDirection="column" height={height}>
			<StyledText style={theme.paneTitleFocused}>
				{lines.length > room
					? `Keys  ${start + 1}-${start + shown.length} of ${lines.length} (↑↓ scroll)`
					: 'Keys'}
			</StyledText>
			{shown.map((line) => (
				<Text key={line.help} wrap="truncate">
					<StyledText style={theme.key}>{`  ${line.keys.padEnd(width)}`}</StyledText>
					{`  ${line.help}`}
				</Text>
			))}
			{after > 0 ? <StyledText style={theme.muted}>{`  …${after} more below (↓)`}</StyledText> : null}
		</Box>
	);
}

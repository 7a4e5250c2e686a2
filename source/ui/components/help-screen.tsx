import {Box, Text} from 'ink';
import {helpLines} from '../keymap.js';
import type {Theme} from '../theme.js';
import {StyledText} from './styled-text.js';

/** Every key, read from the keymap so it cannot drift from the handlers. */
export function HelpScreen({height, readOnly, theme}: {height: number; readOnly: boolean; theme: Theme}) {
	const lines = helpLines({readOnly});
	const width = Math.max(...lines.map((line) => line.keys.length));
	const shown = lines.slice(0, Math.max(0, height - 2));
	return (
		<Box flexDirection="column" height={height}>
			<StyledText style={theme.paneTitleFocused}>Keys</StyledText>
			{shown.map((line) => (
				<Text key={line.help} wrap="truncate">
					<StyledText style={theme.key}>{`  ${line.keys.padEnd(width)}`}</StyledText>
					{`  ${line.help}`}
				</Text>
			))}
			{shown.length < lines.length ? (
				<StyledText
					style={theme.muted}
				>{`  …${lines.length - shown.length} more (enlarge the terminal)`}</StyledText>
			) : null}
		</Box>
	);
}

import {Box, Text} from 'ink';
import {type helpLines, keyFor, scrollKeys} from '../keymap.js';
import {glyphText, type Theme} from '../theme.js';
import {wrapWords} from './detail-view.js';
import {StyledText} from './styled-text.js';

type HelpLine = ReturnType<typeof helpLines>[number];

/**
 * Help lines broken at words to `width` (after the keys column), the rest on lines
 * with no keys: at 80 columns the filter line (`filter proc: pid: … !term`) was cut mid-word.
 */
export function wrapHelpLines(lines: readonly HelpLine[], width: number): HelpLine[] {
	const keysWidth = Math.max(...lines.map((line) => line.keys.length));
	const room = Math.max(20, width - 2 - keysWidth - 2);
	return lines.flatMap((line) =>
		line.help.length <= room
			? [line]
			: wrapWords(line.help, room).map((help, index) => ({keys: index === 0 ? line.keys : '', help})),
	);
}

/** Help lines that fit under the title, leaving one for "more below". */
export const helpRoom = (height: number): number => Math.max(1, height - 2);

/** Every key, read from the keymap so it cannot drift from the controller. `scroll` is clamped by the controller. */
export function HelpScreen({
	lines,
	height,
	scroll,
	theme,
}: {
	lines: ReturnType<typeof helpLines>;
	height: number;
	scroll: number;
	theme: Theme;
}) {
	const width = Math.max(...lines.map((line) => line.keys.length));
	const room = helpRoom(height);
	// The controller clamps `scroll` after a resize; until then, draw a valid window.
	const start = Math.max(0, Math.min(scroll, lines.length - room));
	const shown = lines.slice(start, start + room);
	const after = lines.length - start - shown.length;
	// The keymap writes ↑↓ and …; the theme's glyphs say how this terminal shows them.
	const g = (text: string) => glyphText(text, theme.glyphs);
	return (
		<Box flexDirection="column" height={height}>
			<StyledText style={theme.paneTitleFocused}>
				{lines.length > room
					? g(`Keys  ${start + 1}-${start + shown.length} of ${lines.length} (${scrollKeys('help')})`)
					: 'Keys'}
			</StyledText>
			{shown.map((line, index) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: a continued line may repeat another's text
				<Text key={`${start + index}`} wrap="truncate">
					<StyledText style={theme.key}>{g(`  ${line.keys.padEnd(width)}`)}</StyledText>
					{g(`  ${line.help}`)}
				</Text>
			))}
			{after > 0 ? (
				<StyledText style={theme.muted}>{g(`  …${after} more below (${keyFor('down', 'help')})`)}</StyledText>
			) : null}
		</Box>
	);
}

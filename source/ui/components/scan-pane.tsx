import {Box} from 'ink';
import type {Theme} from '../theme.js';
import {StyledText} from './styled-text.js';

/** The quick-scan area: a placeholder until a scan is started with `s`. */
export function ScanPane({
	height,
	focused,
	lines,
	theme,
}: {
	height: number;
	focused: boolean;
	lines: readonly string[];
	theme: Theme;
}) {
	return (
		<Box flexDirection="column" height={height}>
			<StyledText
				style={focused ? theme.paneTitleFocused : theme.paneTitle}
			>{`${focused ? '▶ ' : '  '}Quick scan`}</StyledText>
			{lines.slice(0, Math.max(0, height - 1)).map((line, index) => (
				// Lines are positional: index keys are right here.
				// biome-ignore lint/suspicious/noArrayIndexKey: positional lines
				<StyledText key={index} style={theme.muted}>{`  ${line}`}</StyledText>
			))}
		</Box>
	);
}

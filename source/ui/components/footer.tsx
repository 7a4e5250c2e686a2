import {Box, Text} from 'ink';
import {footerKeys, type Mode} from '../keymap.js';
import type {Theme} from '../theme.js';
import {StyledText} from './styled-text.js';

export interface FooterMessage {
	readonly text: string;
	readonly kind: 'info' | 'error' | 'ok';
}

interface FooterProps {
	readonly mode: Mode;
	readonly readOnly: boolean;
	readonly filter: string;
	readonly draft: string;
	readonly filterError: string | null;
	readonly message: FooterMessage | null;
	readonly sourceError: string | null;
	/** Whether older data is still shown under that error (false: there is none yet). */
	readonly sourceStale?: boolean;
	readonly theme: Theme;
}

export function Footer({
	mode,
	readOnly,
	filter,
	draft,
	filterError,
	message,
	sourceError,
	sourceStale = false,
	theme,
}: FooterProps) {
	const keys = footerKeys(mode, {readOnly});
	let status: React.ReactNode;
	if (mode === 'filter') {
		status = (
			<Text wrap="truncate">
				<StyledText style={theme.key}>/</StyledText>
				{draft}
				<Text inverse> </Text>
				{filterError ? <StyledText style={theme.error}>{`  ${filterError}`}</StyledText> : null}
			</Text>
		);
	} else if (message) {
		const style = message.kind === 'error' ? theme.error : message.kind === 'ok' ? theme.ok : theme.row;
		status = <StyledText style={style}>{message.text}</StyledText>;
	} else if (sourceError) {
		status = (
			<StyledText style={theme.error}>
				{`source error: ${sourceError}${sourceStale ? ' (showing last good data)' : ' (retrying)'}`}
			</StyledText>
		);
	} else {
		status = (
			<StyledText style={theme.muted}>
				{filter ? `filter: ${filter}  (Esc clears)` : 'no filter  (/ to filter)'}
			</StyledText>
		);
	}
	return (
		<Box flexDirection="column">
			{status}
			<Text wrap="truncate">
				{keys.map(({key, label}, index) => (
					<Text key={`${key}-${label}`}>
						{index > 0 ? '  ' : ''}
						<StyledText style={theme.key}>{key}</StyledText> {label}
					</Text>
				))}
			</Text>
		</Box>
	);
}

import {Box} from 'ink';
import type {Theme} from '../theme.js';
import {StyledText} from './styled-text.js';

export interface KillTarget {
	readonly pid: number;
	readonly process: string;
	/** Listening ports and connections the process holds, as shown to the user. */
	readonly ports: readonly string[];
	readonly connections: number;
}

export type KillStage = 'confirm' | 'waiting' | 'offer-kill';

export function KillDialog({
	target,
	stage,
	height,
	theme,
}: {
	target: KillTarget;
	stage: KillStage;
	height: number;
	theme: Theme;
}) {
	const ports =
		target.ports.length > 0
			? target.ports.slice(0, 12).join(', ') + (target.ports.length > 12 ? ', …' : '')
			: 'none';
	const question =
		stage === 'confirm'
			? `Send SIGTERM to ${target.pid} (${target.process})?  y / n`
			: stage === 'waiting'
				? `signal sent to ${target.pid}; waiting for it to exit…`
				: `${target.pid} (${target.process}) is still running. Send SIGKILL?  y / n`;
	return (
		<Box flexDirection="column" height={height} borderStyle="round" paddingX={1}>
			<StyledText style={theme.error}>Terminate process</StyledText>
			<StyledText style={theme.row}>{`pid ${target.pid}  ${target.process}`}</StyledText>
			<StyledText style={theme.row}>{`listening on: ${ports}`}</StyledText>
			<StyledText style={theme.row}>{`connections: ${target.connections}`}</StyledText>
			<StyledText style={theme.key}>{question}</StyledText>
		</Box>
	);
}

import {Box, Text} from 'ink';
import {printable} from '../../model/printable.js';
import type {Snapshot} from '../../store/snapshot.js';
import {formatClock} from '../model/format.js';
import type {PaneCounts} from '../model/pane-data.js';
import {dataAgeText, hasNoData, unattributedHint} from '../model/status-text.js';
import type {Theme} from '../theme.js';
import {StyledText} from './styled-text.js';

interface HeaderProps {
	readonly hostname: string;
	readonly sourceName: string;
	readonly intervalMs: number;
	readonly snapshot: Snapshot;
	readonly counts: PaneCounts;
	readonly paused: boolean;
	/** Decides the hint for sockets without an owner: sudo helps only when not root. */
	readonly isRoot: boolean;
	readonly theme: Theme;
}

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);

export function Header({
	hostname,
	sourceName,
	intervalMs,
	snapshot,
	counts,
	paused,
	isRoot,
	theme,
}: HeaderProps) {
	const updated = dataAgeText(snapshot, formatClock, snapshot.updatedAt);
	const failing = snapshot.error !== null;
	const noData = hasNoData(snapshot);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate">
				<StyledText style={theme.title}>socktop</StyledText>
				{`  ${printable(hostname)}  ${sourceName} every ${seconds(intervalMs)}  `}
				<StyledText style={theme.muted}>{updated}</StyledText>
				{paused ? <StyledText style={theme.paused}> PAUSED </StyledText> : null}
				{failing ? (
					<StyledText style={theme.error}>
						{snapshot.stale ? ' ! STALE: source failing ' : ' ! NO DATA '}
					</StyledText>
				) : null}
			</Text>
			{noData ? (
				// No counts before the first data: zeros would read as "no sockets".
				<StyledText style={theme.muted}>{failing ? 'no data' : 'loading…'}</StyledText>
			) : (
				<Text wrap="truncate">
					{`listening ${counts.listening}  established ${counts.established}  other ${counts.other}  `}
					{counts.unattributed > 0 ? (
						<StyledText style={theme.warning}>
							{`unattributed ${counts.unattributed} ${unattributedHint(snapshot.unattributedCause, isRoot)}`}
						</StyledText>
					) : (
						<StyledText style={theme.muted}>unattributed 0</StyledText>
					)}
				</Text>
			)}
		</Box>
	);
}

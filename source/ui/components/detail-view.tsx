import {Box, Text} from 'ink';
import {formatEndpoint} from '../../model/address.js';
import type {ProcessDetails} from '../../os/process-info.js';
import type {Row} from '../../store/snapshot.js';
import {fitText} from '../model/text-fit.js';
import type {Theme} from '../theme.js';
import {StyledText} from './styled-text.js';

interface DetailViewProps {
	readonly pid: number;
	readonly name: string;
	readonly details: ProcessDetails | null | 'loading';
	/** Every socket the process owns, from the current snapshot. */
	readonly rows: readonly Row[];
	readonly hostName: (address: string) => string | null;
	readonly height: number;
	readonly width: number;
	readonly scroll: number;
	readonly theme: Theme;
}

/** Remote peers of a process: address → number of connections, busiest first. */
export function remotePeers(rows: readonly Row[]): {address: string; count: number}[] {
	const counts = new Map<string, number>();
	for (const row of rows) {
		const address = row.record.remoteAddress;
		if (address === null || row.status === 'closed') continue;
		counts.set(address, (counts.get(address) ?? 0) + 1);
	}
	return [...counts]
		.map(([address, count]) => ({address, count}))
		.sort((a, b) => b.count - a.count || (a.address < b.address ? -1 : 1));
}

export function detailLines(
	props: Pick<DetailViewProps, 'details' | 'rows' | 'hostName' | 'width'>,
): string[] {
	const {details, rows, hostName, width} = props;
	const lines: string[] = [];
	if (details === 'loading') lines.push('command: (reading…)');
	else if (details === null)
		lines.push('command: (not available: the process is gone or belongs to another user)');
	else {
		const command = details.command ?? '(none)';
		const chunk = Math.max(20, width - 11);
		for (let i = 0; i < Math.max(1, Math.min(command.length, chunk * 4)); i += chunk)
			lines.push(`${i === 0 ? 'command: ' : '         '}${command.slice(i, i + chunk)}`);
		lines.push(`user:    ${details.user ?? '-'}    parent pid: ${details.ppid ?? '-'}`);
	}
	const listening = rows.filter((row) => row.record.remoteAddress === null);
	const connected = rows.filter((row) => row.record.remoteAddress !== null);
	lines.push(
		'',
		`sockets: ${rows.length} (${listening.length} listening/bound, ${connected.length} connected)`,
	);
	for (const row of [...listening, ...connected]) {
		const {record} = row;
		const remote =
			record.remoteAddress === null ? '' : ` → ${formatEndpoint(record.remoteAddress, record.remotePort)}`;
		lines.push(
			`  ${record.proto}${record.family} ${formatEndpoint(record.localAddress, record.localPort)}${remote}  ${record.state}`,
		);
	}
	const peers = remotePeers(rows);
	lines.push('', `remote peers: ${peers.length}`);
	for (const peer of peers) {
		const host = hostName(peer.address);
		lines.push(
			`  ${peer.address}${host ? ` (${host})` : ''}  ${peer.count} connection${peer.count === 1 ? '' : 's'}`,
		);
	}
	return lines;
}

export function DetailView(props: DetailViewProps) {
	const {pid, name, height, width, scroll, theme} = props;
	const lines = detailLines(props);
	const visible = Math.max(0, height - 1);
	const start = Math.max(0, Math.min(scroll, lines.length - visible));
	return (
		<Box flexDirection="column" height={height}>
			<Text wrap="truncate">
				<StyledText style={theme.paneTitleFocused}>{`Process ${pid} ${name}`}</StyledText>
				<StyledText style={theme.muted}>
					{lines.length > visible ? `  lines ${start + 1}-${start + visible} of ${lines.length} (↑↓)` : ''}
				</StyledText>
			</Text>
			{lines.slice(start, start + visible).map((line, index) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: positional lines
				<Text key={index} wrap="truncate">
					{fitText(line, width)}
				</Text>
			))}
		</Box>
	);
}

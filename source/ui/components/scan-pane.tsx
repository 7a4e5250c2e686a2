import {Box, Text} from 'ink';
import type {ScanSnapshot} from '../../scan/scan-session.js';
import type {PortResult} from '../../scan/scan-types.js';
import {fitText} from '../model/text-fit.js';
import type {Theme} from '../theme.js';
import {StyledText} from './styled-text.js';

export interface ScanInput {
	readonly target: string;
	readonly ports: string;
	readonly field: 'target' | 'ports';
	readonly error: string | null;
	readonly starting: boolean;
}

interface ScanPaneProps {
	readonly height: number;
	readonly width: number;
	readonly focused: boolean;
	readonly scan: ScanSnapshot;
	readonly input: ScanInput | null;
	readonly serviceName: (port: number) => string | null;
	/** The local process listening on host:port, when the target is this machine. */
	readonly localOwner: (host: string, port: number) => string | null;
	readonly theme: Theme;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;

function bar(done: number, total: number, width: number): string {
	const filled = total === 0 ? width : Math.round((done / total) * width);
	return `${'█'.repeat(filled)}${'·'.repeat(width - filled)}`;
}

function statusLine(scan: ScanSnapshot): string {
	const what = `${scan.target} (${scan.portSpec}${scan.hosts.length > 1 ? `, ${scan.hosts.length} hosts` : ''})`;
	const p = scan.progress;
	switch (scan.phase) {
		case 'running': {
			if (!p) return `scanning ${what}…`;
			const eta = p.etaMs === null ? '' : ` · ETA ${seconds(p.etaMs)}`;
			return `scanning ${what} ${bar(p.done, p.total, 16)} ${p.done}/${p.total} · ${p.open} open · ${Math.round(p.ratePerSecond)}/s · ${seconds(p.elapsedMs)}${eta} · Esc cancels`;
		}
		case 'done':
			return `done ${what}:${p ? ` ${p.total} ports in ${seconds(p.elapsedMs)} · ${p.open} open · ${p.closed} closed · ${p.filtered} filtered` : ''}`;
		case 'cancelled':
			return `cancelled ${what}${p ? ` after ${p.done}/${p.total} ports · ${p.open} open` : ''}`;
		case 'failed':
			return `scan of ${what} failed: ${scan.error ?? 'unknown error'}`;
		default:
			return 's: scan a host (prefilled from the selected row) · ports top100 | top1000 | all | 22,80,8000-8100';
	}
}

/** "since last scan: +1 open (81), −1 closed (80)" after a repeated scan of the same target. */
function comparisonLine(scan: ScanSnapshot): string | null {
	const c = scan.comparison;
	if (scan.phase !== 'done' || !c) return null;
	const ports = (changes: readonly {port: number}[]) =>
		changes.length === 0
			? ''
			: ` (${changes
					.slice(0, 8)
					.map((change) => change.port)
					.join(',')}${changes.length > 8 ? ',…' : ''})`;
	return `since last scan: +${c.newlyOpen.length} open${ports(c.newlyOpen)}, −${c.newlyClosed.length} closed${ports(c.newlyClosed)}`;
}

function openLine(result: PortResult, props: ScanPaneProps): string {
	const service = props.serviceName(result.port) ?? '';
	const owner = props.localOwner(result.host, result.port);
	const host = props.scan.hosts.length > 1 ? `${result.host} ` : '';
	const latency =
		result.latencyMs === null
			? ''
			: `${result.latencyMs < 10 ? result.latencyMs.toFixed(1) : Math.round(result.latencyMs)}ms`;
	return `${host}${String(result.port).padStart(5)}/tcp open  ${service.padEnd(12)} ${latency.padStart(7)}${owner ? `  ← ${owner}` : ''}`;
}

export function ScanPane(props: ScanPaneProps) {
	const {height, width, focused, scan, input, theme} = props;
	const title = `${focused ? `${theme.glyphs.focus} ` : '  '}Quick scan`;
	const lines: React.ReactNode[] = [];
	if (input) {
		const field = (name: 'target' | 'ports', value: string) => (
			<Text inverse={input.field === name}>{`${value}${input.field === name ? '▏' : ''}`}</Text>
		);
		lines.push(
			<Text key="input" wrap="truncate">
				{'  target: '}
				{field('target', input.target)}
				{'  ports: '}
				{field('ports', input.ports)}
				{input.starting ? '  resolving…' : ''}
			</Text>,
			input.error ? (
				<StyledText key="error" style={theme.error}>{`  ${input.error}`}</StyledText>
			) : (
				<StyledText key="hint" style={theme.muted}>
					{'  Enter start · Tab switch field · Esc cancel · ports: top100 | top1000 | all | 22,80,8000-8100'}
				</StyledText>
			),
		);
	} else {
		const style = scan.phase === 'failed' ? theme.error : scan.phase === 'idle' ? theme.muted : theme.row;
		lines.push(
			<StyledText key="status" style={style}>
				{fitText(`  ${statusLine(scan)}`, width)}
			</StyledText>,
		);
		// Never more lines than the pane has: title, status, then what fits.
		const comparison = height >= 3 ? comparisonLine(scan) : null;
		if (comparison)
			lines.push(
				<StyledText key="comparison" style={theme.warning}>
					{fitText(`  ${comparison}`, width)}
				</StyledText>,
			);
		const room = Math.max(0, height - 2 - (comparison ? 1 : 0));
		const shown = scan.open.length <= room ? scan.open : scan.open.slice(0, Math.max(0, room - 1));
		for (const result of shown)
			lines.push(
				<StyledText key={`${result.host}:${result.port}`} style={theme.ok}>
					{fitText(`  ${openLine(result, props)}`, width)}
				</StyledText>,
			);
		if (shown.length < scan.open.length && room >= 1)
			lines.push(
				<StyledText
					key="more"
					style={theme.muted}
				>{`  …${scan.open.length - shown.length} more open ports`}</StyledText>,
			);
	}
	return (
		<Box flexDirection="column" height={height}>
			<StyledText style={focused ? theme.paneTitleFocused : theme.paneTitle}>{title}</StyledText>
			{lines}
		</Box>
	);
}

/** Lines the scan pane would like: its title and status, plus a line per open port. */
export function scanPaneLines(scan: ScanSnapshot, input: ScanInput | null): number {
	if (input) return 3;
	if (scan.phase === 'idle') return 2;
	return 2 + (scan.comparison ? 1 : 0) + Math.min(scan.open.length, 8);
}

import {Box, Text} from 'ink';
import type {ScanSnapshot} from '../../scan/scan-session.js';
import type {PortResult} from '../../scan/scan-types.js';
import {footerHints, keyFor, scrollKeys} from '../keymap.js';
import {fitHints} from '../model/fit-hints.js';
import {fitSegments, fitText, textWidth} from '../model/text-fit.js';
import {glyphText, type Theme} from '../theme.js';
import type {ScanField, ScanInput} from '../ui-state.js';
import {showsResults} from './scan-lines.js';
import {StyledText} from './styled-text.js';

export {scanPaneLines} from './scan-lines.js';

interface ScanPaneProps {
	readonly height: number;
	readonly width: number;
	readonly focused: boolean;
	readonly scan: ScanSnapshot;
	readonly input: ScanInput | null;
	/** First open port shown (clamped by the controller) and whether the results were closed. */
	readonly scroll: number;
	readonly dismissed: boolean;
	readonly serviceName: (port: number) => string | null;
	/** The local process listening on host:port, when the target is this machine. */
	readonly localOwner: (host: string, port: number) => string | null;
	readonly theme: Theme;
}

const PORT_SPECS = 'ports: top100 | top1000 | all | 22,80,8000-8100';
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;

function bar(done: number, total: number, width: number): string {
	const filled = total === 0 ? width : Math.round((done / total) * width);
	return `${'█'.repeat(filled)}${'·'.repeat(width - filled)}`;
}

/**
 * The running scan's line in `width` columns: parts shortened or dropped whole (rate and
 * times first, the cancel key last), never cut mid-word (QA: `Esc cance…` at 80 columns).
 */
function runningLine(what: string, p: NonNullable<ScanSnapshot['progress']>, width: number): string {
	const count = `${p.done}/${p.total}`;
	const eta = p.etaMs === null ? '' : `ETA ${seconds(p.etaMs)}`;
	const segments = [
		{
			forms: [
				`scanning ${what} ${bar(p.done, p.total, 16)} ${count}`,
				`scanning ${what} ${bar(p.done, p.total, 8)} ${count}`,
				`scanning ${what} ${count}`,
			],
			rank: 3,
		},
		{forms: [`${p.open} open`], rank: 5},
		{forms: [`${Math.round(p.ratePerSecond)}/s`, ''], rank: 1},
		{forms: [seconds(p.elapsedMs), ''], rank: 1},
		{forms: [eta, ''], rank: 2},
		{forms: [`${keyFor('clear')} cancels`, keyFor('clear'), ''], rank: 4},
	];
	return fitSegments(segments, width, ' · ')
		.filter((part) => part !== '')
		.join(' · ');
}

function statusLine(scan: ScanSnapshot, dismissed: boolean, width: number): string {
	const what = `${scan.target} (${scan.portSpec}${scan.hosts.length > 1 ? `, ${scan.hosts.length} hosts` : ''})`;
	const p = scan.progress;
	if (dismissed && scan.phase !== 'running') scan = {...scan, phase: 'idle'};
	switch (scan.phase) {
		case 'running': {
			if (!p) return `scanning ${what}…`;
			return runningLine(what, p, width);
		}
		case 'done':
			return `done ${what}:${p ? ` ${p.total} ${p.total === 1 ? 'port' : 'ports'} in ${seconds(p.elapsedMs)} · ${p.open} open · ${p.closed} closed · ${p.filtered} filtered${p.unreachable > 0 ? ` · ${p.unreachable} unreachable` : ''}` : ''}`;
		case 'cancelled':
			return `cancelled ${what}${p ? ` after ${p.done}/${p.total} ports · ${p.open} open` : ''}`;
		case 'failed':
			return `scan of ${what} failed: ${scan.error ?? 'unknown error'}`;
		default:
			return `${keyFor('scan')}: scan a host (prefilled from the selected row) · ${PORT_SPECS}`;
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

/** A failure's reason gets a line of its own when there is room: it is what the user needs. */
const splitsFailure = (height: number, scan: ScanSnapshot, dismissed: boolean) =>
	scan.phase === 'failed' && showsResults(scan, dismissed) && height >= 3;

/** Open-port lines the pane shows at `height`: what is left after title, status, comparison or reason, and a position line. */
export function scanResultRoom(height: number, scan: ScanSnapshot, dismissed: boolean): number {
	if (!showsResults(scan, dismissed)) return 0;
	const extra = (comparisonLine(scan) || splitsFailure(height, scan, dismissed)) && height >= 3 ? 1 : 0;
	const room = Math.max(0, height - 2 - extra);
	return scan.open.length <= room ? room : Math.max(0, room - 1);
}

/** The end of a field's text that fits in `width`, so the cursor end stays visible. */
function fieldText(value: string, width: number): string {
	if (textWidth(value) <= width) return value;
	let tail = '';
	for (const char of [...value].reverse()) {
		if (textWidth(char + tail) > width - 1) break;
		tail = char + tail;
	}
	return `…${tail}`;
}

function FormLines({input, width, theme}: {input: ScanInput; width: number; theme: Theme}) {
	const portsWidth = Math.min(24, Math.max(8, textWidth(input.ports) + 1));
	const g = (text: string) => glyphText(text, theme.glyphs);
	const extra = input.starting ? g('  resolving…') : '';
	const targetWidth = Math.max(8, width - 2 - 8 - 9 - portsWidth - extra.length - 1);
	const field = (name: ScanField, value: string, room: number) => {
		const active = input.field === name;
		const text = g(fieldText(value, room - 1));
		return (
			<>
				<StyledText style={active && input.replace[name] ? theme.selected : theme.row}>{text}</StyledText>
				{active ? <StyledText style={theme.selected}>{theme.glyphs.cursor}</StyledText> : null}
			</>
		);
	};
	const hints = fitHints(footerHints('scan-input', {readOnly: false}), width - 4)
		.map((hint) => `${hint.key} ${hint.label}`)
		.join(' · ');
	const help = g(`  ${hints} · ${PORT_SPECS}`);
	return (
		<>
			<Text wrap="truncate">
				{'  target: '}
				{field('target', input.target, targetWidth)}
				{'  ports: '}
				{field('ports', input.ports, portsWidth)}
				{extra}
			</Text>
			{input.error ? (
				<StyledText style={theme.error}>
					{fitText(g(`  ${input.error}`), width, 'left', false, theme.glyphs.ellipsis)}
				</StyledText>
			) : (
				<StyledText style={theme.muted}>{textWidth(help) <= width ? help : g(`  ${hints}`)}</StyledText>
			)}
		</>
	);
}

function ResultLines(props: ScanPaneProps) {
	const {height, width, scan, scroll, focused, dismissed, theme} = props;
	// Written with Unicode marks, shown in the theme's glyphs (ASCII under LANG=C).
	const fit = (text: string) =>
		fitText(glyphText(text, theme.glyphs), width, 'left', false, theme.glyphs.ellipsis);
	const style = scan.phase === 'failed' ? theme.error : scan.phase === 'idle' ? theme.muted : theme.row;
	const comparison = height >= 3 && showsResults(scan, dismissed) ? comparisonLine(scan) : null;
	const room = scanResultRoom(height, scan, dismissed);
	const start = Math.max(0, Math.min(scroll, scan.open.length - room));
	const shown = showsResults(scan, dismissed) ? scan.open.slice(start, start + room) : [];
	const hidden = showsResults(scan, dismissed) ? scan.open.length - shown.length : 0;
	const position = focused
		? `  results ${start + 1}-${start + shown.length} of ${scan.open.length} · ${scrollKeys('table')} · ${keyFor('clear')} close`
		: `  …${hidden} more open ports (${keyFor('next-pane')} here to scroll)`;
	const split = splitsFailure(height, scan, dismissed);
	return (
		<>
			<StyledText style={style}>
				{fit(
					`  ${split ? `scan of ${scan.target} (${scan.portSpec}) failed:` : statusLine(scan, dismissed, width - 2)}`,
				)}
			</StyledText>
			{split ? <StyledText style={style}>{fit(`  ${scan.error ?? 'unknown error'}`)}</StyledText> : null}
			{comparison ? <StyledText style={theme.warning}>{fit(`  ${comparison}`)}</StyledText> : null}
			{shown.map((result) => (
				<StyledText key={`${result.host}:${result.port}`} style={theme.ok}>
					{fit(`  ${openLine(result, props)}`)}
				</StyledText>
			))}
			{hidden > 0 ? <StyledText style={theme.muted}>{fit(position)}</StyledText> : null}
		</>
	);
}

export function ScanPane(props: ScanPaneProps) {
	const {height, width, focused, input, theme} = props;
	return (
		<Box flexDirection="column" height={height}>
			<StyledText style={focused ? theme.paneTitleFocused : theme.paneTitle}>
				{`${focused ? `${theme.glyphs.focus} ` : '  '}Quick scan`}
			</StyledText>
			{input ? <FormLines input={input} width={width} theme={theme} /> : <ResultLines {...props} />}
		</Box>
	);
}

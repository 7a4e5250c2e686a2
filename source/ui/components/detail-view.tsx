import {Box, Text} from 'ink';
import {formatEndpoint} from '../../model/address.js';
import type {ProcessDetails} from '../../os/process-info.js';
import type {Row} from '../../store/snapshot.js';
import type {TrafficSnapshot} from '../../store/traffic-store.js';
import {scrollKeys} from '../keymap.js';
import {fitText} from '../model/text-fit.js';
import {processTrafficLines, SPARK_UNICODE, socketRateSuffix} from '../model/traffic-detail.js';
import {glyphText, type Theme} from '../theme.js';
import {StyledText} from './styled-text.js';

export interface DetailSource {
	/** `unavailable`: another host's process whose details cannot be had (why). */
	readonly details: ProcessDetails | null | 'loading' | {readonly unavailable: string};
	/** Every socket the process owns, from the current snapshot. */
	readonly rows: readonly Row[];
	readonly hostName: (address: string) => string | null;
	readonly width: number;
	/** The process's rates (traffic-detail.ts), with its pid and the sparkline's characters. */
	readonly traffic?: {readonly pid: number; readonly snapshot?: TrafficSnapshot; readonly spark?: string};
}

const COMMAND_LINES = 6;
const INDENT = '         ';

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

/** Text broken at spaces into lines of at most `width` characters; a longer word is split. */
export function wrapWords(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/ +/)) {
		let rest = word;
		while (rest.length > width) {
			if (line) lines.push(line);
			lines.push(rest.slice(0, width));
			rest = rest.slice(width);
			line = '';
		}
		if (!line) line = rest;
		else if (line.length + 1 + rest.length <= width) line += ` ${rest}`;
		else {
			lines.push(line);
			line = rest;
		}
	}
	if (line || lines.length === 0) lines.push(line);
	return lines;
}

function commandLines(details: DetailSource['details'], width: number): string[] {
	if (details === 'loading') return ['command: (reading…)'];
	if (details === null) return ['command: (not available: the process is gone or belongs to another user)'];
	if ('unavailable' in details) return [`command: (not available: ${details.unavailable})`];
	const wrapped = wrapWords(details.command ?? '(none)', Math.max(20, width - INDENT.length));
	const shown = wrapped.slice(0, COMMAND_LINES);
	if (wrapped.length > COMMAND_LINES) shown[COMMAND_LINES - 1] = `${shown[COMMAND_LINES - 1]}…`;
	return [
		...shown.map((line, i) => `${i === 0 ? 'command: ' : INDENT}${line}`),
		`user:    ${details.user ?? '-'}    parent pid: ${details.ppid ?? '-'}`,
	];
}

/** Listening first, then by local port, remote address and port: a stable, scannable list. */
function bySocket(a: Row, b: Row): number {
	const x = a.record;
	const y = b.record;
	return (
		Number(x.remoteAddress !== null) - Number(y.remoteAddress !== null) ||
		x.localPort - y.localPort ||
		(x.remoteAddress ?? '').localeCompare(y.remoteAddress ?? '') ||
		(x.remotePort ?? 0) - (y.remotePort ?? 0) ||
		x.proto.localeCompare(y.proto)
	);
}

/**
 * `network namespace: 4026532176  container: docker:3f2a9c1be4d5` from the process's sockets;
 * null when none is in another namespace or labelled (the common single-namespace case).
 */
export function namespaceLine(rows: readonly Row[]): string | null {
	const namespaces = new Set<string>();
	const containers = new Set<string>();
	for (const {record} of rows) {
		namespaces.add(record.netns === null ? 'host' : String(record.netns));
		if (record.container !== null) containers.add(record.container);
	}
	if (containers.size === 0 && !rows.some((row) => row.record.netns !== null)) return null;
	const list = (set: Set<string>) => (set.size === 0 ? '-' : [...set].sort().join(', '));
	return `network namespace: ${list(namespaces)}    container: ${list(containers)}`;
}

/** Every line of the detail view: command, owner, remote peers (the summary), then each socket. */
export function detailLines({details, rows, hostName, width, traffic}: DetailSource): string[] {
	const lines = commandLines(details, width);
	if (traffic)
		lines.push(
			...processTrafficLines(traffic.pid, rows, traffic.snapshot, width, traffic.spark ?? SPARK_UNICODE),
		);
	const where = namespaceLine(rows);
	if (where !== null) lines.push(where);
	const peers = remotePeers(rows);
	lines.push('', `remote peers: ${peers.length}`);
	for (const peer of peers) {
		const host = hostName(peer.address);
		lines.push(
			`  ${peer.address}${host ? ` (${host})` : ''}  ${peer.count} connection${peer.count === 1 ? '' : 's'}`,
		);
	}
	const listening = rows.filter((row) => row.record.remoteAddress === null).length;
	lines.push(
		'',
		`sockets: ${rows.length} (${listening} listening/bound, ${rows.length - listening} connected)`,
	);
	for (const row of [...rows].sort(bySocket)) {
		const {record} = row;
		const remote =
			record.remoteAddress === null ? '' : ` → ${formatEndpoint(record.remoteAddress, record.remotePort)}`;
		lines.push(
			`  ${record.proto}${record.family} ${formatEndpoint(record.localAddress, record.localPort)}${remote}  ${record.state}${socketRateSuffix(row, traffic?.snapshot)}`,
		);
	}
	return lines;
}

/** Lines of the detail view that fit under its title. */
export const detailRoom = (height: number): number => Math.max(1, height - 1);

export function DetailView(props: {
	pid: number;
	name: string;
	/** Another host's process: its name in the title. */
	host?: string | undefined;
	lines: readonly string[];
	height: number;
	width: number;
	/** First line shown; clamped by the controller. */
	scroll: number;
	theme: Theme;
}) {
	const {pid, name, host, lines, height, width, scroll, theme} = props;
	const room = detailRoom(height);
	const start = Math.max(0, Math.min(scroll, lines.length - room));
	return (
		<Box flexDirection="column" height={height}>
			<Text wrap="truncate">
				<StyledText
					style={theme.paneTitleFocused}
				>{`Process ${pid} ${name}${host === undefined ? '' : ` on ${host}`}`}</StyledText>
				<StyledText style={theme.muted}>
					{lines.length > room
						? glyphText(
								`  lines ${start + 1}-${Math.min(lines.length, start + room)} of ${lines.length} (${scrollKeys('detail')})`,
								theme.glyphs,
							)
						: ''}
				</StyledText>
			</Text>
			{lines.slice(start, start + room).map((line, index) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: positional lines
				<Text key={index} wrap="truncate">
					{fitText(glyphText(line, theme.glyphs), width, 'left', false, theme.glyphs.ellipsis)}
				</Text>
			))}
		</Box>
	);
}

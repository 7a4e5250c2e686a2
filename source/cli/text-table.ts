import {formatEndpoint} from '../model/address.js';
import {printable} from '../model/printable.js';
import type {SocketRecord} from '../model/socket-record.js';

const HEADERS = ['PROTO', 'LOCAL', 'REMOTE', 'STATE', 'PID', 'PROCESS', 'USER'] as const;

function cells(record: SocketRecord): string[] {
	const others = record.owners.length > 1 ? ` (+${record.owners.length - 1})` : '';
	return [
		`${record.proto}${record.family}`,
		formatEndpoint(record.localAddress, record.localPort),
		record.remoteAddress === null ? '*' : formatEndpoint(record.remoteAddress, record.remotePort),
		record.state,
		record.pid === null ? '-' : String(record.pid),
		record.process === null ? '-' : `${record.process}${others}`,
		record.user ?? (record.uid === null ? '-' : String(record.uid)),
	];
}

/**
 * The one plain-text table of the CLI: columns sized to their widest cell, two spaces
 * apart, nothing truncated (output is often piped), no trailing spaces. Columns listed in
 * `rightAligned` are padded on the left (numbers whose decimals line up).
 */
export function formatColumns(
	rows: readonly (readonly string[])[],
	rightAligned: ReadonlySet<number> = new Set(),
): string[] {
	const columns = Math.max(0, ...rows.map((row) => row.length));
	const widths = Array.from({length: columns}, (_, column) =>
		Math.max(...rows.map((row) => row[column]?.length ?? 0)),
	);
	return rows.map((row) =>
		row
			.map((cell, column) =>
				rightAligned.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
			)
			.join('  ')
			.trimEnd(),
	);
}

/** The `--once` table. */
export function formatTextTable(records: readonly SocketRecord[]): string {
	return formatColumns([HEADERS, ...records.map((record) => cells(record).map(printable))]).join('\n');
}

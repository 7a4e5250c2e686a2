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

/** A plain table for `--once`: nothing truncated (it is often piped), columns sized to content. */
export function formatTextTable(records: readonly SocketRecord[]): string {
	const rows = [HEADERS as readonly string[], ...records.map((record) => cells(record).map(printable))];
	const widths = HEADERS.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
	return rows
		.map((row) =>
			row
				.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
				.join('  ')
				.trimEnd(),
		)
		.join('\n');
}

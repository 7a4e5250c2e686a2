// `--once`'s piped table written straight from the records: no cell strings for the columns
// made of numbers and fixed words (protocol, the two endpoints, the state), no array of
// 140,000 cells. At 20,000 sockets the cells' way (text-table.ts tableCells, then a byte
// copy of each cell) built 40,000 endpoint strings and flattened each again to copy it, all
// of it after the owner walk's join, where nothing runs beside it (docs/cold-read.md, sixth
// pass). Only the owner cells (pid, process, user) are strings, made once per distinct value
// as before (ownerCells). The bytes are formatTextTable's: test/cli/text-table-direct.test.ts.
import type {SocketRecord} from '../model/socket-record.js';
import {protoCell, whereCell} from './table-cells.js';

/** The cells that depend on owners and user (text-table.ts ownerCells). */
export interface OwnerCellsOf {
	ofOwners(record: SocketRecord): readonly [string, string];
	ofUser(record: SocketRecord): string;
}

const HEADERS = ['PROTO', 'LOCAL', 'REMOTE', 'STATE', 'PID', 'PROCESS', 'USER'] as const;
/** With more than one network namespace (text-table.ts tableCells). */
const WHERE = 'CONTAINER';
const GAP = 2;
const SPACE = 32;
const COLON = 58;
const NOT_PLAIN = /[^\x20-\x7e]/;

const digits = (n: number): number =>
	n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10_000 ? 4 : String(n).length;

/** formatEndpoint's length: `addr:port`, `[addr]:port` for IPv6, `*` for none. */
const endpointLength = (address: string | null, port: number | null): number =>
	address === null
		? 1
		: address.length + (address.includes(':') ? 2 : 0) + (port === null ? 0 : 1 + digits(port));

/** The CONTAINER cell (table-cells.ts), made again only when it changes from the last record's. */
function whereCells(): (record: SocketRecord) => string {
	let container: string | null | undefined;
	let netns: number | null | undefined;
	let cell = '';
	return (record) => {
		if (record.container !== container || record.netns !== netns) {
			container = record.container;
			netns = record.netns;
			cell = whereCell(record);
		}
		return cell;
	};
}

/**
 * The table as bytes in pieces of about `pieceBytes`, or null when it is not the plain case
 * this writer knows: one host (no HOST column), no
 * interface scope in an address, and every owner cell printable ASCII. The caller then makes
 * the cells (text-table.ts).
 */
export function directTableBytes(
	records: readonly SocketRecord[],
	cellsOf: OwnerCellsOf,
	pieceBytes: number,
): Iterable<Uint8Array> | null {
	const widths: number[] = [...HEADERS, WHERE].map((header) => header.length);
	let withWhere = false;
	if (records.length > 0) {
		const {host, netns} = records[0]!;
		let lastOwners: readonly unknown[] | null = null;
		let lastUser: string | null | undefined;
		let lastUid: number | null | undefined;
		for (const record of records) {
			if (record.host !== host) return null;
			if (record.netns !== netns) withWhere = true;
			const {localAddress, remoteAddress} = record;
			if (localAddress.includes('%') || remoteAddress?.includes('%')) return null;
			const local = endpointLength(localAddress, record.localPort);
			if (local > widths[1]!) widths[1] = local;
			const remote = endpointLength(remoteAddress, record.remotePort);
			if (remote > widths[2]!) widths[2] = remote;
			if (record.state.length > widths[3]!) widths[3] = record.state.length;
			if (record.owners !== lastOwners) {
				lastOwners = record.owners;
				const [pid, process] = cellsOf.ofOwners(record);
				if (NOT_PLAIN.test(process)) return null;
				if (pid.length > widths[4]!) widths[4] = pid.length;
				if (process.length > widths[5]!) widths[5] = process.length;
			}
			if (record.user !== lastUser || record.uid !== lastUid) {
				lastUser = record.user;
				lastUid = record.uid;
				const user = cellsOf.ofUser(record);
				if (NOT_PLAIN.test(user)) return null;
				if (user.length > widths[6]!) widths[6] = user.length;
			}
		}
	}
	if (withWhere) {
		const where = whereCells();
		for (const record of records) {
			const cell = where(record);
			if (NOT_PLAIN.test(cell)) return null;
			if (cell.length > widths[7]!) widths[7] = cell.length;
		}
	}
	return writeRows(records, cellsOf, withWhere ? widths : widths.slice(0, HEADERS.length), pieceBytes);
}

function* writeRows(
	records: readonly SocketRecord[],
	cellsOf: OwnerCellsOf,
	widths: readonly number[],
	pieceBytes: number,
): Generator<Uint8Array> {
	const longestLine = widths.reduce((sum, width) => sum + width + GAP, 0);
	const headers = widths.length > HEADERS.length ? [...HEADERS, WHERE] : HEADERS;
	const where = widths.length > HEADERS.length ? whereCells() : null;
	let buffer = Buffer.allocUnsafe(pieceBytes + longestLine);
	let at = 0;
	/** Writes `text` at `at`; returns the offset after its last character other than a space, or -1. */
	const text = (cell: string): number => {
		let kept = -1;
		for (let i = 0; i < cell.length; i++) {
			const code = cell.charCodeAt(i);
			buffer[at + i] = code;
			if (code !== SPACE) kept = at + i + 1;
		}
		at += cell.length;
		return kept;
	};
	const pad = (written: number, column: number) => {
		for (let n = widths[column]! - written + GAP; n > 0; n--) buffer[at++] = SPACE;
	};
	const number = (n: number) => {
		const length = digits(n);
		for (let i = at + length - 1; i >= at; i--) {
			buffer[i] = 48 + (n % 10);
			n = Math.floor(n / 10);
		}
		at += length;
	};
	const endpoint = (address: string | null, port: number | null) => {
		const from = at;
		if (address === null)
			buffer[at++] = 42; // *
		else if (address.includes(':')) {
			buffer[at++] = 91; // [
			text(address);
			buffer[at++] = 93; // ]
		} else text(address);
		if (address !== null && port !== null) {
			buffer[at++] = COLON;
			number(port);
		}
		return at - from;
	};
	/** The owner cells of the last row, kept while the next rows share them (most do). */
	let lastOwners: readonly unknown[] | null = null;
	let ownerCells: readonly [string, string] = ['', ''];
	let lastUser: string | null | undefined;
	let lastUid: number | null | undefined;
	let userCell = '';
	for (let row = -1; row < records.length; row++) {
		let end: number;
		if (row < 0) {
			for (let column = 0; column < headers.length - 1; column++) {
				text(headers[column]!);
				pad(headers[column]!.length, column);
			}
			end = text(headers[headers.length - 1]!);
		} else {
			const record = records[row]!;
			const proto = protoCell(record);
			text(proto);
			pad(proto.length, 0);
			pad(endpoint(record.localAddress, record.localPort), 1);
			pad(endpoint(record.remoteAddress, record.remotePort), 2);
			text(record.state);
			pad(record.state.length, 3);
			if (record.owners !== lastOwners) {
				lastOwners = record.owners;
				ownerCells = cellsOf.ofOwners(record);
			}
			if (record.user !== lastUser || record.uid !== lastUid) {
				lastUser = record.user;
				lastUid = record.uid;
				userCell = cellsOf.ofUser(record);
			}
			text(ownerCells[0]);
			end = at; // the pid cell is never empty nor ends in a space: trimEnd cuts no further back
			pad(ownerCells[0].length, 4);
			const process = text(ownerCells[1]);
			if (process >= 0) end = process;
			pad(ownerCells[1].length, 5);
			const user = text(userCell);
			if (user >= 0) end = user;
			if (where !== null) {
				pad(userCell.length, 6);
				const cell = where(record);
				const kept = text(cell);
				if (kept >= 0) end = kept;
			}
		}
		at = end;
		buffer[at++] = 10; // \n
		if (at >= pieceBytes) {
			yield buffer.subarray(0, at);
			buffer = Buffer.allocUnsafe(pieceBytes + longestLine);
			at = 0;
		}
	}
	if (at > 0) yield buffer.subarray(0, at);
}

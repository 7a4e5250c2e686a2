import {formatEndpoint} from '../model/address.js';
import {printable} from '../model/printable.js';
import type {SocketRecord} from '../model/socket-record.js';
import {protoCell, whereCell} from './table-cells.js';
import {directTableBytes} from './text-table-direct.js';

const HEADERS = ['PROTO', 'LOCAL', 'REMOTE', 'STATE', 'PID', 'PROCESS', 'USER'] as const;
const LOCAL = 1;
const REMOTE = 2;
const PROCESS = 5;
const USER = 6;
const GAP = '  ';
/**
 * How a table too wide for the terminal gives up width, step by step, each column down
 * to the width given: names first, then addresses (cut in the middle), then both further.
 */
const SHRINK_ORDER: readonly [column: number, min: number][] = [
	[PROCESS, 16],
	[USER, 8],
	[REMOTE, 24],
	[LOCAL, 24],
	[PROCESS, 8],
	[USER, 5],
	[REMOTE, 14],
	[LOCAL, 14],
];

const ASCII = /^[\x20-\x7e]*$/;
/** Printable ASCII and the `…` that cuts add: one column per UTF-16 unit. */
const PLAIN = /^[\x20-\x7e…]*$/;
type WidthOf = (text: string) => number;

/**
 * How wide text is on a terminal, good for every text of `cells` and what cutting them
 * makes. string-width is imported only when a cell is not plain: importing it builds an
 * Intl.Segmenter and `\p{RGI_Emoji}` regexes, ≈70–120 ms of CPU measured on this machine
 * (more than the rest of `--once` on a small table, and `scan` pays it for its table too).
 */
async function widthFor(cells: readonly string[]): Promise<WidthOf> {
	if (cells.every((cell) => PLAIN.test(cell))) return (text) => text.length;
	const {default: stringWidth} = await import('string-width');
	return (text) => (ASCII.test(text) ? text.length : stringWidth(text));
}

/** Whether a cell may hold something other than printable ASCII (anything a user or another program named). */
const FREE_TEXT = /[^\x20-\x7e]/;

/** At most this many distinct owners' arrays or users are remembered (a handful is usual). */
const CACHED_OWNERS = 4096;

/**
 * The cells that depend on a socket's owners and user, made once per distinct value: at
 * 20,000 sockets held by two processes there are a handful. The walk shares one owners'
 * array among all the sockets a process alone holds (process-owners.ts), so that array is
 * the key (a record's pid and process are its first owner's); the user cell is keyed by its
 * name, or its uid.
 */
function ownerCells() {
	const processCells = new Map<readonly unknown[], readonly [pid: string, process: string]>();
	const userCells = new Map<string | number | null, string>();
	return {
		ofOwners(record: SocketRecord): readonly [string, string] {
			let cells = processCells.get(record.owners);
			if (cells === undefined) {
				cells = [
					record.pid === null ? '-' : String(record.pid),
					record.process === null
						? '-'
						: printable(
								record.owners.length > 1
									? `${record.process} (+${record.owners.length - 1})`
									: record.process,
							),
				];
				// A source that makes an array per socket: no point keeping them all.
				if (processCells.size < CACHED_OWNERS) processCells.set(record.owners, cells);
			}
			return cells;
		},
		ofUser(record: SocketRecord): string {
			const key = record.user ?? record.uid;
			let cell = userCells.get(key);
			if (cell === undefined) {
				cell = record.user !== null ? printable(record.user) : record.uid === null ? '-' : String(record.uid);
				if (userCells.size < CACHED_OWNERS) userCells.set(key, cell);
			}
			return cell;
		},
	};
}

/**
 * A record's cells, written into `out` from `at` on; returns where the next row starts. Only
 * the texts that come from other programs or users (process and user names, interface
 * scopes, hosts, container labels) go through `printable`: the rest is made here from numbers
 * and fixed words. At 20,000 rows one regex per cell was ≈10 % of `--once`
 * (docs/cold-read.md). `out` is made at its full size first: pushing 140,000 cells one by one
 * cost 3–5× more (the array grown and copied again and again; fourth pass).
 */
function setCells(
	out: string[],
	at: number,
	record: SocketRecord,
	withHost: boolean,
	withWhere: boolean,
	cellsOf: ReturnType<typeof ownerCells>,
): number {
	let i = at;
	if (withHost) out[i++] = printable(record.host);
	const [pid, process] = cellsOf.ofOwners(record);
	out[i++] = protoCell(record);
	out[i++] = endpointCell(record.localAddress, record.localPort);
	out[i++] = record.remoteAddress === null ? '*' : endpointCell(record.remoteAddress, record.remotePort);
	out[i++] = record.state;
	out[i++] = pid;
	out[i++] = process;
	out[i++] = cellsOf.ofUser(record);
	if (withWhere) out[i++] = whereCell(record);
	return i;
}

function endpointCell(address: string, port: number | null): string {
	const text = formatEndpoint(address, port);
	return address.includes('%') ? printable(text) : text; // a scope is an interface's name
}

/**
 * The one plain-text table of the CLI: columns sized to their widest cell, two spaces
 * apart, nothing truncated (output is often piped), no trailing spaces. Columns listed in
 * `rightAligned` are padded on the left (numbers whose decimals line up).
 */
export async function formatColumns(
	rows: readonly (readonly string[])[],
	rightAligned: ReadonlySet<number> = new Set(),
): Promise<string[]> {
	// Display width, not .length: a name in CJK or with emoji takes two cells a character.
	const widthOf = await widthFor(rows.flat());
	const pad = (text: string, width: number, start: boolean) => {
		const room = ' '.repeat(Math.max(0, width - widthOf(text)));
		return start ? room + text : text + room;
	};
	const columns = Math.max(0, ...rows.map((row) => row.length));
	const widths = Array.from({length: columns}, (_, column) =>
		Math.max(...rows.map((row) => widthOf(row[column] ?? ''))),
	);
	return rows.map((row) =>
		row
			.map((cell, column) => pad(cell, widths[column]!, rightAligned.has(column)))
			.join('  ')
			.trimEnd(),
	);
}

/** At most `max` columns of `text`, cut with `…`: at the end, or in the middle (addresses keep their port). */
function cut(widthOf: WidthOf, text: string, max: number, middle: boolean): string {
	if (widthOf(text) <= max) return text;
	if (max <= 1) return '…'.slice(0, max);
	if (middle && ASCII.test(text)) {
		const tail = Math.floor((max - 1) / 2);
		return `${text.slice(0, max - 1 - tail)}…${text.slice(text.length - tail)}`;
	}
	let out = '';
	for (const char of text) {
		if (widthOf(out + char) > max - 1) break;
		out += char;
	}
	return `${out}…`;
}

/**
 * The plain table of `--once`, columns sized to their content. With a `width` (the
 * terminal's, when stdout is one) it is no wider: process and user names, then addresses,
 * are cut with `…`. Without one (piped) nothing is cut.
 */
export async function formatTextTable(
	records: readonly SocketRecord[],
	width: number | null = null,
): Promise<string> {
	return [...(await textTableLines(records, width))].join('\n');
}

/**
 * The same table as formatTextTable, as text to write one piece after another: lines joined
 * with `\n`, each piece ending with one, about `pieceChars` characters each. `--once` writes
 * these instead of one string of the whole table: at 20,000 sockets that string (2.7 MB), its
 * array of lines and the bytes it is encoded into were all alive at the peak of memory.
 */
export async function* textTablePieces(
	records: readonly SocketRecord[],
	width: number | null = null,
	pieceChars = 64 * 1024,
	table?: TableCells,
): AsyncGenerator<string> {
	let piece = '';
	for (const line of await textTableLines(records, width, table)) {
		piece += `${line}\n`;
		if (piece.length >= pieceChars) {
			yield piece;
			piece = '';
		}
	}
	if (piece !== '') yield piece;
}

/**
 * textTablePieces' text as bytes, for `--once` to write. Piped (no `width`) with every cell
 * printable ASCII, as a table of loopback sockets and plain process names nearly always is,
 * each line is written into the piece's buffer a character code at a time: no string per
 * line or piece and no encoding after. At 20,000 sockets the first (cold) run of the text
 * path took 121–192 ms of CPU, this one 86–113 ms (5 processes each, alternately, load 14;
 * docs/cold-read.md, fifth pass). Anything else: textTablePieces' pieces, encoded.
 */
export async function* textTableBytes(
	records: readonly SocketRecord[],
	width: number | null = null,
	pieceBytes = 64 * 1024,
): AsyncGenerator<Uint8Array> {
	// The plain case (one host and namespace, ASCII owners) straight from the records.
	const cellsOf = ownerCells();
	const direct = width === null ? directTableBytes(records, cellsOf, pieceBytes) : null;
	if (direct !== null) {
		yield* direct;
		return;
	}
	// The owner cells the direct writer made before it gave up are not made again.
	const table = tableCells(records, cellsOf);
	const {cells, columns} = table;
	if (width !== null || cells.some((cell) => FREE_TEXT.test(cell))) {
		for await (const piece of textTablePieces(records, width, pieceBytes, table)) yield Buffer.from(piece);
		return;
	}
	const widths = new Array<number>(columns).fill(0);
	for (let i = 0; i < cells.length; i++)
		if (cells[i]!.length > widths[i % columns]!) widths[i % columns] = cells[i]!.length;
	const longestLine = widths.reduce((sum, w) => sum + w + GAP.length, 0);
	const SPACE = 32;
	let buffer = Buffer.allocUnsafe(pieceBytes + longestLine);
	let at = 0;
	for (let row = 0; row < cells.length; row += columns) {
		let end = at; // after the line's last character other than a space: trimEnd's cut
		for (let column = 0; column < columns; column++) {
			const cell = cells[row + column]!;
			const length = cell.length;
			let kept = 0;
			for (let i = 0; i < length; i++) {
				const code = cell.charCodeAt(i);
				buffer[at + i] = code;
				if (code !== SPACE) kept = i + 1;
			}
			if (kept > 0) end = at + kept;
			at += length;
			if (column < columns - 1)
				for (let pad = widths[column]! - length + GAP.length; pad > 0; pad--) buffer[at++] = SPACE;
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

interface TableCells {
	readonly cells: string[];
	readonly columns: number;
	readonly headers: readonly string[];
	readonly withHost: boolean;
	readonly withWhere: boolean;
}

/** Every cell in one flat array, row after row (20,000 rows: no array per row), the headers first. */
function tableCells(records: readonly SocketRecord[], cellsOf = ownerCells()): TableCells {
	// As the dashboard: HOST with more than one host, CONTAINER with more than one network
	// namespace, or two containers' listeners on 0.0.0.0:80 would print as the same line.
	const withHost = differ(records, (record) => record.host);
	const withWhere = differ(records, (record) => record.netns);
	const headers = [...(withHost ? ['HOST'] : []), ...HEADERS, ...(withWhere ? ['CONTAINER'] : [])];
	const columns = headers.length;
	const cells = new Array<string>(columns * (records.length + 1));
	for (let column = 0; column < columns; column++) cells[column] = headers[column]!;
	for (let row = 0, at = columns; row < records.length; row++)
		at = setCells(cells, at, records[row]!, withHost, withWhere, cellsOf);
	return {cells, columns, headers, withHost, withWhere};
}

/** The table's lines, made as they are taken (the widths are known before the first). */
async function textTableLines(
	records: readonly SocketRecord[],
	width: number | null,
	table = tableCells(records),
): Promise<Iterable<string>> {
	const {cells, columns, headers, withHost, withWhere} = table;
	const at = withHost ? 1 : 0;
	const widthOf = await widthFor(cells.filter((cell) => FREE_TEXT.test(cell)));
	const widths = new Array<number>(columns).fill(0);
	for (let i = 0; i < cells.length; i++) {
		const cellWidth = widthOf(cells[i]!);
		if (cellWidth > widths[i % columns]!) widths[i % columns] = cellWidth;
	}
	const total = () => widths.reduce((sum, w) => sum + w, 0) + GAP.length * (widths.length - 1);
	const shrink: [number, number][] = [
		...SHRINK_ORDER.slice(0, 2).map(([column, min]): [number, number] => [column + at, min]),
		...(withWhere ? [[headers.length - 1, 16] as [number, number]] : []),
		...SHRINK_ORDER.slice(2).map(([column, min]): [number, number] => [column + at, min]),
		...(withHost ? [[0, 8] as [number, number]] : []),
	];
	if (width !== null) {
		for (const [column, min] of shrink) {
			const over = total() - width;
			if (over <= 0) break;
			widths[column] = Math.max(Math.min(min, widths[column]!), widths[column]! - over);
		}
	}
	const spaces = ' '.repeat(Math.max(0, ...widths));
	return tableLines(cells, columns, widths, spaces, widthOf, at, width);
}

function* tableLines(
	cells: readonly string[],
	columns: number,
	widths: readonly number[],
	spaces: string,
	widthOf: WidthOf,
	at: number,
	width: number | null,
): Generator<string> {
	for (let row = 0; row < cells.length; row += columns) {
		let line = '';
		for (let column = 0; column < columns; column++) {
			const cell = cells[row + column]!;
			const max = widths[column]!;
			let cellWidth = widthOf(cell);
			let fitted = cell;
			if (cellWidth > max) {
				fitted = cut(widthOf, cell, max, column === LOCAL + at || column === REMOTE + at);
				cellWidth = widthOf(fitted);
			}
			if (column === columns - 1) line += fitted;
			else line += fitted + spaces.slice(0, Math.max(0, max - cellWidth)) + GAP;
		}
		// Still too wide at every minimum (a very narrow terminal): the line itself is cut.
		yield width === null ? line.trimEnd() : cut(widthOf, line.trimEnd(), width, false);
	}
}

/** Whether the records hold more than one value of `key`. */
function differ<T>(records: readonly SocketRecord[], key: (record: SocketRecord) => T): boolean {
	if (records.length === 0) return false;
	const first = key(records[0]!);
	for (const record of records) if (key(record) !== first) return true;
	return false;
}

/** The width to fit `--once` to: the terminal's when the stream is one, else null (no limit). */
export function terminalWidth(stream: NodeJS.WritableStream): number | null {
	const tty = stream as NodeJS.WritableStream & {isTTY?: boolean; columns?: number};
	return tty.isTTY === true && typeof tty.columns === 'number' && tty.columns > 0 ? tty.columns : null;
}

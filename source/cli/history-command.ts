import {readFile} from 'node:fs/promises';
import {parseFilter} from '../filter/filter.js';
import {formatEndpoint} from '../model/address.js';
import {errorMessage} from '../model/error-message.js';
import {printable} from '../model/printable.js';
import type {SocketRecord} from '../model/socket-record.js';
import {createSafeWriter, type Output} from './output.js';

export const HISTORY_HELP = `
  socktop history FILE [--filter EXPR] [--since WHEN] [--until WHEN] [--json]

  Reads a log written by the dashboard's --log FILE (FILE.1, the rotated part, first,
  then FILE) and prints its events oldest first, as a table or, with --json, as the
  log's own NDJSON lines.

    -f, --filter EXPR  only events of sockets matching EXPR (the dashboard's filter language)
    --since WHEN       only events at or after WHEN
    --until WHEN       only events before WHEN
    --json             the matching lines as they are in the log

  WHEN: an ISO 8601 time (2026-11-30T03:12 or ...Z), a time of day today (03:12,
  03:12:30, local time), or a duration ago (90s, 15m, 2h, 1d).

  Example: what opened port 8080 around 03:12?
    socktop history /var/log/socktop.ndjson --filter port:8080 --since 03:00 --until 03:30
`;

type Event = Record<string, unknown> & {event: string; time: string};

export interface HistoryArgs {
	readonly file: string;
	readonly filter: string;
	readonly since: number | null;
	readonly until: number | null;
	readonly json: boolean;
}

const DURATION_MS: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000};

/** `--since`/`--until`: an ISO time, a time of day today (local), or a duration before `now`. */
export function parseWhen(text: string, now: number): number | null {
	const ago = /^(\d+)(ms|s|m|h|d)$/.exec(text);
	if (ago) return now - Number(ago[1]) * DURATION_MS[ago[2]!]!;
	const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
	if (clock) {
		const [hours, minutes, seconds] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
		if (hours > 23 || minutes > 59 || seconds > 59) return null;
		const day = new Date(now);
		day.setHours(hours, minutes, seconds, 0);
		return day.getTime();
	}
	if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
	const at = Date.parse(text);
	return Number.isNaN(at) ? null : at;
}

export function parseHistoryArgs(argv: readonly string[], now: number): HistoryArgs | {error: string} {
	let file: string | null = null;
	let filter = '';
	let since: number | null = null;
	let until: number | null = null;
	let json = false;
	for (let i = 0; i < argv.length; i++) {
		const word = argv[i]!;
		const value = () => {
			const next = argv[i + 1];
			if (next === undefined || next === '') return null;
			i++;
			return next;
		};
		if (word === '--json') json = true;
		else if (word === '-f' || word === '--filter') {
			const text = value();
			if (text === null) return {error: `${word} needs a value`};
			filter = text;
		} else if (word === '--since' || word === '--until') {
			const text = value();
			if (text === null) return {error: `${word} needs a value`};
			const at = parseWhen(text, now);
			if (at === null)
				return {error: `${word}: "${text}" is not a time (2026-11-30T03:12, 03:12, or 15m ago as 15m)`};
			if (word === '--since') since = at;
			else until = at;
		} else if (word.startsWith('-') && word !== '-')
			return {error: `unknown option ${word} (see socktop history --help)`};
		else if (file === null) file = word;
		else return {error: `unexpected argument "${word}" (one log file)`};
	}
	if (file === null) return {error: 'history needs the log file written by --log FILE'};
	const parsed = parseFilter(filter);
	if (!parsed.ok) return {error: `--filter: ${parsed.error}`};
	return {file, filter, since, until, json};
}

/** The log's lines, the rotated part first; a missing FILE.1 is normal, a missing FILE is not. */
async function readLog(file: string): Promise<string[]> {
	const older = await readFile(`${file}.1`, 'utf8').catch((error: NodeJS.ErrnoException) => {
		if (error.code === 'ENOENT') return '';
		throw error;
	});
	const newer = await readFile(file, 'utf8');
	return `${older}${newer}`.split('\n').filter((line) => line.trim() !== '');
}

const isEvent = (value: unknown): value is Event =>
	typeof value === 'object' &&
	value !== null &&
	typeof (value as Event).event === 'string' &&
	typeof (value as Event).time === 'string';

/** A socket event's fields are the record's (record-json.ts), so the filter reads them as one. */
const isSocketEvent = (event: Event) =>
	typeof event.proto === 'string' && typeof event.localPort === 'number';

function pad(n: number, width = 2): string {
	return String(n).padStart(width, '0');
}

/** Local time, to the second: `2026-11-30 03:12:04`. */
export function localTime(at: number): string {
	const d = new Date(at);
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** What a change, close or first-poll open adds: `state ESTABLISHED→CLOSE_WAIT`, `gone`, `open before socktop`. */
function detail(event: Event): string {
	if (event.event === 'dropped') return `${String(event.count)} events not logged (disk too slow)`;
	// Final counters (from the close events of `ss -E`) on the close, or on the change that
	// took the socket away (TIME_WAIT), when socktop had them.
	const bytes =
		typeof event.bytesSent === 'number' && typeof event.bytesReceived === 'number'
			? `, sent ${event.bytesSent} B received ${event.bytesReceived} B`
			: '';
	if (event.event === 'close') return `${String(event.reason ?? '')}${bytes}`;
	if (event.event === 'open') return event.seenAtStart === true ? 'already open when socktop started' : '';
	if (event.event !== 'change' || !Array.isArray(event.changed)) return '';
	const previous = (event.previous ?? {}) as Record<string, unknown>;
	return event.changed
		.map((part) => {
			const field = String(part);
			const before = field === 'owners' ? previous.process : previous[field];
			const after = field === 'owners' ? event.process : event[field];
			return before === undefined ? field : `${field} ${String(before ?? '-')}→${String(after ?? '-')}`;
		})
		.join(', ')
		.concat(bytes);
}

function row(event: Event): string[] {
	const at = Date.parse(event.time);
	const time = Number.isNaN(at) ? event.time : localTime(at);
	if (!isSocketEvent(event)) return [time, event.event, '', '', '', '', '', '', detail(event)];
	const record = event as unknown as SocketRecord;
	return [
		time,
		event.event,
		`${record.proto}${record.family}`,
		formatEndpoint(record.localAddress, record.localPort),
		record.remoteAddress === null ? '*' : formatEndpoint(record.remoteAddress, record.remotePort),
		record.state,
		record.pid === null ? '-' : String(record.pid),
		record.process ?? '-',
		detail(event),
	].map(printable);
}

const HEADERS = ['TIME', 'EVENT', 'PROTO', 'LOCAL', 'REMOTE', 'STATE', 'PID', 'PROCESS', 'DETAIL'];

function table(rows: readonly string[][]): string {
	const all = [HEADERS, ...rows];
	const widths = HEADERS.map((_, column) => Math.max(...all.map((cells) => cells[column]!.length)));
	return all
		.map((cells) =>
			cells
				.map((cell, i) => cell.padEnd(widths[i]!))
				.join('  ')
				.trimEnd(),
		)
		.join('\n');
}

/** `socktop history FILE …`: exit 0 (even with no match), 1 when the log cannot be read, 2 on bad input. */
export async function runHistoryCommand(
	argv: readonly string[],
	io: Output,
	now = Date.now(),
): Promise<number> {
	if (argv.includes('--help') || argv.includes('-h')) {
		io.stdout.write(`${HISTORY_HELP.trim()}\n`);
		return 0;
	}
	const args = parseHistoryArgs(argv, now);
	if ('error' in args) {
		io.stderr.write(`socktop history: ${args.error}\n`);
		return 2;
	}
	let lines: string[];
	try {
		lines = await readLog(args.file);
	} catch (error) {
		io.stderr.write(`socktop history: ${errorMessage(error)}\n`);
		return 1;
	}
	const parsed = parseFilter(args.filter);
	const predicate = parsed.ok ? parsed.predicate : () => true;
	const out = createSafeWriter(io.stdout);
	const rows: string[][] = [];
	let skipped = 0;
	for (const line of lines) {
		let event: unknown;
		try {
			event = JSON.parse(line);
		} catch {
			skipped++;
			continue;
		}
		if (!isEvent(event)) {
			skipped++;
			continue;
		}
		const at = Date.parse(event.time);
		if (args.since !== null && !(at >= args.since)) continue;
		if (args.until !== null && !(at < args.until)) continue;
		if (isSocketEvent(event)) {
			if (!predicate(event as unknown as SocketRecord)) continue;
		} else if (args.filter.trim() !== '') continue;
		if (args.json) out.write(`${line}\n`);
		else rows.push(row(event));
	}
	if (!args.json) out.write(rows.length === 0 ? 'no events match\n' : `${table(rows)}\n`);
	// A line cut by a crash mid-write, or not a log of socktop's: said, not fatal.
	if (skipped > 0)
		io.stderr.write(
			`socktop history: ${skipped} line${skipped === 1 ? '' : 's'} skipped (not socktop events)\n`,
		);
	return 0;
}

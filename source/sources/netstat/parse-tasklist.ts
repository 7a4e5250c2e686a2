// `tasklist /FO CSV /NH`: "Image Name","PID","Session Name","Session#","Mem Usage"
//   "svchost.exe","912","Services","0","12,345 K"
// Used to name the pids Windows netstat prints.
import type {SocketRecord} from '../../model/socket-record.js';
import {withProcessName} from './build-record.js';
import {splitLines} from './text-lines.js';

/** pid → image name. Lines that are not CSV rows with a numeric pid are ignored. */
export function parseTasklist(text: string): Map<number, string> {
	const names = new Map<number, string>();
	for (const line of splitLines(text)) {
		const fields = parseCsvLine(line.trim());
		const [name, pid] = fields ?? [];
		if (!name || !pid || !/^\d{1,10}$/.test(pid)) continue;
		if (!names.has(Number(pid))) names.set(Number(pid), name);
	}
	return names;
}

/** One CSV row with `"` quoting and `""` escapes; null when a quote is left open. */
export function parseCsvLine(line: string): string[] | null {
	const fields: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const char = line[i];
		if (quoted) {
			if (char === '"' && line[i + 1] === '"') {
				field += '"';
				i++;
			} else if (char === '"') quoted = false;
			else field += char;
		} else if (char === '"') quoted = true;
		else if (char === ',') {
			fields.push(field);
			field = '';
		} else field += char;
	}
	if (quoted) return null;
	fields.push(field);
	return fields;
}

/** Names the owners of records that have a pid but no process name yet. */
export function applyProcessNames(
	records: readonly SocketRecord[],
	names: ReadonlyMap<number, string>,
): SocketRecord[] {
	return records.map((record) => {
		const name = record.pid !== null && record.process === null ? names.get(record.pid) : undefined;
		return name === undefined ? record : withProcessName(record, name);
	});
}

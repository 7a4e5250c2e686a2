import {readFile} from 'node:fs/promises';

export interface ProcessDetails {
	readonly pid: number;
	readonly command: string | null;
	readonly user: string | null;
	readonly ppid: number | null;
}

export type ProcessInfoReader = (pid: number) => Promise<ProcessDetails | null>;

/** Parses /proc/<pid>/status for the fields the detail view shows. */
export function parseProcStatus(text: string): {
	uid: number | null;
	ppid: number | null;
	name: string | null;
} {
	const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(text)?.[1] ?? null;
	const uid = field('Uid')?.split(/\s+/)[0];
	const ppid = field('PPid');
	return {
		uid: uid !== undefined && /^\d+$/.test(uid) ? Number(uid) : null,
		ppid: ppid !== null && /^\d+$/.test(ppid) ? Number(ppid) : null,
		name: field('Name'),
	};
}

/** `cmdline` is NUL-separated argv; a kernel thread has none. */
export function parseCmdline(raw: string): string | null {
	const args = raw.split('\0').filter((arg) => arg !== '');
	return args.length === 0
		? null
		: args.map((arg) => (/[\s"']/.test(arg) ? JSON.stringify(arg) : arg)).join(' ');
}

/** Reads a process's command line and owner from /proc (Linux). Null when it is gone or hidden. */
export function createProcfsProcessInfo(
	userName: (uid: number) => Promise<string | null>,
	root = '/proc',
): ProcessInfoReader {
	return async (pid) => {
		try {
			const [status, cmdline] = await Promise.all([
				readFile(`${root}/${pid}/status`, 'utf8'),
				readFile(`${root}/${pid}/cmdline`, 'utf8').catch(() => ''),
			]);
			const parsed = parseProcStatus(status);
			return {
				pid,
				command: parseCmdline(cmdline) ?? (parsed.name ? `[${parsed.name}]` : null),
				user: parsed.uid === null ? null : ((await userName(parsed.uid)) ?? String(parsed.uid)),
				ppid: parsed.ppid,
			};
		} catch {
			return null;
		}
	};
}

// Whether a shell can resume this process once it stops. `ssh -t host socktop` (or `ssh -t host
// 'cd x && socktop'`) runs it with no job-control shell: its process group is orphaned (every
// member's parent is in the group or in another session: sshd's). The kernel ignores a
// terminal's Ctrl-Z there; socktop, which stops itself with SIGSTOP (terminal-suspend.ts), would
// stop for good, with nothing that could `fg` it and the session hung.
import {readFileSync} from 'node:fs';

interface StatIds {
	readonly ppid: number;
	readonly pgrp: number;
	readonly session: number;
}

/** ppid, pgrp and session from a /proc/<pid>/stat line (the name in parentheses may hold anything). */
export function parseStatIds(text: string): StatIds | null {
	const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
	const [ppid, pgrp, session] = [fields[1], fields[2], fields[3]].map(Number);
	if (!Number.isInteger(ppid) || !Number.isInteger(pgrp) || !Number.isInteger(session)) return null;
	return {ppid: ppid!, pgrp: pgrp!, session: session!};
}

const readStat = (pid: number | 'self'): string | null => {
	try {
		return readFileSync(`/proc/${pid}/stat`, 'utf8');
	} catch {
		return null;
	}
};

/**
 * True when this process's group is orphaned, as far as its own ancestry shows: the first
 * ancestor outside the group is in another session. False when that ancestor is in this session
 * (an interactive shell with job control) or when it cannot be told (no /proc: suspend as before).
 */
export function inOrphanedProcessGroup(stat: (pid: number | 'self') => string | null = readStat): boolean {
	const self = parseStatIds(stat('self') ?? '');
	if (self === null) return false;
	let ppid = self.ppid;
	// Bounded: a chain of ancestors in one group is short (a wrapper or two: npx, bash -c).
	for (let hops = 0; hops < 64 && ppid > 0; hops++) {
		const parent = parseStatIds(stat(ppid) ?? '');
		if (parent === null) return false;
		if (parent.pgrp !== self.pgrp) return parent.session !== self.session;
		ppid = parent.ppid;
	}
	return ppid === 0;
}

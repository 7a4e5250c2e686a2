import {readFileSync} from 'node:fs';

export type SignalResult = 'sent' | 'no-permission' | 'gone' | 'error';

/** Sends signals to processes; injected so the kill action is tested without killing anything. */
export interface ProcessKiller {
	signal(pid: number, signal: 'SIGTERM' | 'SIGKILL'): SignalResult;
	isAlive(pid: number): boolean;
}

function isZombie(pid: number): boolean {
	try {
		// Field 3 of /proc/<pid>/stat, after the parenthesised name (which may contain spaces or ')').
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
	} catch {
		return false; // not Linux, or gone: kill(pid, 0) has the last word
	}
}

export const systemKiller: ProcessKiller = {
	signal(pid, signal) {
		// pid <= 1 would signal init or a whole process group: never.
		if (!Number.isInteger(pid) || pid <= 1) return 'error';
		try {
			process.kill(pid, signal);
			return 'sent';
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ESRCH') return 'gone';
			if (code === 'EPERM') return 'no-permission';
			return 'error';
		}
	},
	isAlive(pid) {
		try {
			process.kill(pid, 0);
		} catch (error) {
			return (error as NodeJS.ErrnoException).code === 'EPERM';
		}
		// A zombie still answers signal 0 but has exited: only its parent has not reaped it.
		return !isZombie(pid);
	},
};

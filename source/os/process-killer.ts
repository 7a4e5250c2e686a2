export type SignalResult = 'sent' | 'no-permission' | 'gone' | 'error';

/** Sends signals to processes; injected so the kill action is tested without killing anything. */
export interface ProcessKiller {
	signal(pid: number, signal: 'SIGTERM' | 'SIGKILL'): SignalResult;
	isAlive(pid: number): boolean;
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
			return true;
		} catch (error) {
			return (error as NodeJS.ErrnoException).code === 'EPERM';
		}
	},
};

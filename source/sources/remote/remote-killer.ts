// `K` on a row of another host (`--host DEST`): the signal is sent there, by that host's
// own `kill`, through the same ssh the host's stream uses (same options and ControlPath,
// so a multiplexed run rides the shared master: 140–200 ms instead of a cold 320–340 ms,
// docs/many-hosts.md). The only thing that varies in the remote command is the pid, a
// number checked here; the signal is one of two fixed names. No local shell.
import {checkDestination} from '../../os/ssh-command.js';
import type {SshCapability, SshResult} from './ssh-capability.js';

export type RemoteSignalResult = 'sent' | 'no-permission' | 'gone' | 'error';

/** Signals processes of other hosts; injected so the dashboard is tested without ssh. */
export interface RemoteKiller {
	signal(dest: string, pid: number, signal: 'SIGTERM' | 'SIGKILL'): Promise<RemoteSignalResult>;
	/** `kill -0` there: false once the process is gone (or the check could not say it lives). */
	isAlive(dest: string, pid: number): Promise<boolean>;
}

/** How long one remote `kill` may take before it counts as failed. */
const RUN_TIMEOUT_MS = 10_000;

const SIGNAL_NAMES = {SIGTERM: 'TERM', SIGKILL: 'KILL', probe: '0'} as const;

/**
 * The remote command, or null when the pid is not one to signal: not a whole number,
 * or <= 1 (1 is init; 0 and negatives are process groups).
 */
export function remoteKillCommand(pid: number, signal: keyof typeof SIGNAL_NAMES): string | null {
	if (!Number.isSafeInteger(pid) || pid <= 1) return null;
	return `kill -${SIGNAL_NAMES[signal]} ${pid}`;
}

/** What the remote `kill` said (dash, bash and BusyBox all print the strerror text). */
export function signalResultOf(result: SshResult): RemoteSignalResult {
	if (result.code === 0) return 'sent';
	// 255 is ssh's own failure (no connection, auth): nothing was signalled.
	if (result.code === 255 || result.code === null || result.code < 0) return 'error';
	if (/no such process/i.test(result.stderr)) return 'gone';
	if (/not permitted/i.test(result.stderr)) return 'no-permission';
	return 'error';
}

export function createRemoteKiller(ssh: SshCapability): RemoteKiller {
	const runKill = async (dest: string, command: string | null): Promise<SshResult | null> =>
		command === null || checkDestination(dest) !== null ? null : ssh.run(dest, command, RUN_TIMEOUT_MS);
	return {
		async signal(dest, pid, signal) {
			const result = await runKill(dest, remoteKillCommand(pid, signal));
			return result === null ? 'error' : signalResultOf(result);
		},
		async isAlive(dest, pid) {
			const result = await runKill(dest, remoteKillCommand(pid, 'probe'));
			if (result === null) return false;
			// Signal 0 to someone else's process: alive, just not ours to signal.
			const answer = signalResultOf(result);
			return answer === 'sent' || answer === 'no-permission' || answer === 'error';
		},
	};
}

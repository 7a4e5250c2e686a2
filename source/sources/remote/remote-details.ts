// The detail view of a remote row (`--host`): the process's details come from the host that
// owns the pid, through its own socktop (`socktop details PID`, cli/details-command.ts),
// over the ssh the host's stream uses (same options and ControlPath: the shared connection).
// The remote command is fixed but for the pid, a number checked here; no local shell.
// Hosts read through the fallback (ss/netstat, no socktop there) have no details.
import {STREAM_PROTOCOL} from '../../model/stream-protocol.js';
import type {ProcessDetails} from '../../os/process-info.js';
import {checkDestination} from '../../os/ssh-command.js';
import type {SshCapability, SshResult} from './ssh-capability.js';

/** The details, null when the process is gone there, or why they could not be had. */
export type RemoteDetails = ProcessDetails | null | {readonly unavailable: string};

export interface RemoteDetailsReader {
	read(dest: string, pid: number): Promise<RemoteDetails>;
}

const RUN_TIMEOUT_MS = 10_000;

/** `SOCKTOP_PROTOCOL=1 socktop details PID`, or null for a pid that is not a whole number above 0. */
export function remoteDetailsCommand(pid: number): string | null {
	if (!Number.isSafeInteger(pid) || pid < 1) return null;
	return `SOCKTOP_PROTOCOL=${STREAM_PROTOCOL} socktop details ${pid}`;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const whole = (value: unknown): number | null =>
	typeof value === 'number' && Number.isSafeInteger(value) ? value : null;

/** What the remote run printed (pure): a hello with our protocol, then one process event. */
export function parseRemoteDetails(result: SshResult, dest: string, pid: number): RemoteDetails {
	// 255 is ssh's own failure: nothing ran there.
	if (result.code === 255 || result.code === null || result.code < 0)
		return {
			unavailable: `ssh to ${dest} failed${result.stderr.trim() ? `: ${lastLine(result.stderr)}` : ''}`,
		};
	if (result.code === 127) return {unavailable: `no socktop on ${dest}'s PATH`};
	const lines = result.stdout.split('\n').filter((line) => line.trim() !== '');
	const events = lines.map((line) => {
		try {
			return JSON.parse(line) as Record<string, unknown> | null;
		} catch {
			return null;
		}
	});
	const hello = events[0];
	if (hello?.event !== 'hello' || hello.protocol !== STREAM_PROTOCOL)
		return {unavailable: `${dest}'s socktop does not speak protocol ${STREAM_PROTOCOL}`};
	const event = events[1];
	if (result.code !== 0 || event?.event !== 'process' || event.pid !== pid)
		return {unavailable: `${dest}'s socktop gave no details (an older version?)`};
	if (event.gone === true) return null;
	return {pid, command: text(event.command), user: text(event.user), ppid: whole(event.ppid)};
}

const lastLine = (stderr: string) => stderr.trim().split('\n').at(-1)!.trim();

export function createRemoteDetails(ssh: SshCapability): RemoteDetailsReader {
	return {
		async read(dest, pid) {
			const command = remoteDetailsCommand(pid);
			if (command === null || checkDestination(dest) !== null) return {unavailable: `pid ${pid} on ${dest}`};
			return parseRemoteDetails(await ssh.run(dest, command, RUN_TIMEOUT_MS), dest, pid);
		},
	};
}

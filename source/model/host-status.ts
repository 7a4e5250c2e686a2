// Where each watched host stands, for the header, the footer and `--once`'s warnings.
// `local` is this machine; every other host is a `--host` destination reached over ssh.

export type HostState =
	/** The first connection is being made. */
	| 'connecting'
	| 'live'
	/** The link dropped after data came: the last table is still shown, reconnecting. */
	| 'stale'
	/** ssh refused the login (BatchMode: no usable key or agent). */
	| 'auth-failed'
	/** The host's key is not in known_hosts (or changed): BatchMode never asks. */
	| 'host-key'
	/** Any other failure before data came (no route, refused, unknown name). */
	| 'failed';

/** The source's name with --no-local: only the ssh links are read, and the header says so. */
export const HOSTS_ONLY_NAME = 'ssh' as const;

export interface HostStatus {
	readonly host: string;
	readonly state: HostState;
	/** How its sockets are read: `procfs`/`netstat` (local), `socktop` (remote socktop), `ss`/`netstat` fallback. */
	readonly mode: string | null;
	/** When the state began (ms since epoch). */
	readonly since: number;
	/** When the next connection attempt starts, or null. */
	readonly retryAt: number | null;
	/** ssh's last line of error, or null. */
	readonly message: string | null;
	/** The command to run once by hand to fix a host-key or login failure, or null. */
	readonly command: string | null;
	/** Whether its records carry pids (a fallback over BSD netstat has none). */
	readonly pids: boolean;
}

const clockTime = (ms: number) => new Date(ms).toTimeString().slice(0, 8);

/** One line per host: `b stale since 12:00:03, reconnecting in 4 s`. */
export function hostStatusText(status: HostStatus, now: number): string {
	// No retry time on a host in trouble: the attempt is under way (it can take the whole
	// ConnectTimeout, 15 s at the default interval, against a blackholed host).
	const retry =
		status.retryAt === null
			? status.state === 'live' || status.state === 'connecting'
				? ''
				: ', reconnecting…'
			: `, reconnecting in ${Math.max(0, Math.ceil((status.retryAt - now) / 1000))} s`;
	const mode = status.mode === null ? '' : ` (${status.mode})`;
	switch (status.state) {
		case 'connecting':
			return `${status.host} connecting…`;
		case 'live':
			return `${status.host} live${mode}`;
		case 'stale':
			return `${status.host} stale since ${clockTime(status.since)}${retry}`;
		case 'auth-failed':
			return `${status.host} auth failed: run once: ${status.command ?? 'ssh'}${retry}`;
		case 'host-key':
			return `${status.host} host key unknown: run once: ${status.command ?? 'ssh'}${retry}`;
		case 'failed':
			return `${status.host} unreachable${status.message ? `: ${status.message}` : ''}${retry}`;
	}
}

export function sameHostStatuses(a: readonly HostStatus[], b: readonly HostStatus[]): boolean {
	return (
		a.length === b.length &&
		a.every((x, i) => {
			const y = b[i]!;
			return (
				x.host === y.host &&
				x.state === y.state &&
				x.mode === y.mode &&
				x.since === y.since &&
				x.retryAt === y.retryAt &&
				x.message === y.message
			);
		})
	);
}

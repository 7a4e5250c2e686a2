// The system `ssh`, as socktop runs it for `--host DEST`: an argument array (no local
// shell), the user's own ~/.ssh/config otherwise untouched. Measured (docs/many-hosts.md):
// a cold `ssh host true` costs 320–340 ms on loopback, a multiplexed one 140–200 ms, so
// connections are shared (ControlMaster) and kept (ControlPersist); BatchMode makes an
// unknown host key or a missing key fail at once (exit 255) instead of prompting under
// the dashboard; keepalives find a silent blackhole (≈15 s with 5 s × 2 on a 2 s interval).
import {lstatSync, mkdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

export interface SshOptions {
	/** A private directory (mode 0700) for the ControlMaster sockets. */
	readonly controlDir: string;
	/** Seconds between keepalives; two unanswered ones end the connection. */
	readonly keepaliveSeconds: number;
	/** How long the shared connection stays after its last user, seconds. */
	readonly persistSeconds?: number;
}

/** A destination ssh would read as an option (`-oProxyCommand=…`) is refused, not passed. */
export function checkDestination(dest: string): string | null {
	if (dest === '') return '--host needs a destination';
	if (dest.startsWith('-')) return `--host ${dest}: a destination cannot start with "-"`;
	if (/[\s\0]/.test(dest)) return `--host ${JSON.stringify(dest)}: a destination has no spaces`;
	return null;
}

/** Keepalive seconds for a poll interval: 2.5 intervals, 1 s to 15 s (5 s at the default 2 s). */
export function keepaliveFor(intervalMs: number): number {
	return Math.min(15, Math.max(1, Math.round((intervalMs * 2.5) / 1000)));
}

/** The options socktop adds; ControlPath's `%C` (a hash) keeps the socket path short (limit ≈104 bytes). */
export function sshOptionArgs(options: SshOptions): string[] {
	const pairs = [
		'BatchMode=yes',
		'ControlMaster=auto',
		`ControlPath=${join(options.controlDir, '%C')}`,
		`ControlPersist=${options.persistSeconds ?? 60}`,
		`ServerAliveInterval=${options.keepaliveSeconds}`,
		'ServerAliveCountMax=2',
		// A remote socktop's first table is JSON: 10 MB for 20k sockets, 0.15 MB through zlib
		// (gzip -6 took 0.05 s of CPU for 7.4 MB here). `npm run bench -- hosts` measures the link.
		'Compression=yes',
		// A blackholed host would otherwise hold each reconnection for the kernel's SYN retries (≈2 min).
		`ConnectTimeout=${Math.max(3, options.keepaliveSeconds * 3)}`,
	];
	return pairs.flatMap((pair) => ['-o', pair]);
}

/** argv (without `ssh`) to run `remoteCommand` on `dest`. `--` ends ssh's options. */
export function sshArgv(dest: string, remoteCommand: string, options: SshOptions): string[] {
	return [...sshOptionArgs(options), '--', dest, remoteCommand];
}

/** What a user runs once by hand to accept a host key or see why a login fails. */
export function manualSshCommand(dest: string): string {
	return `ssh ${dest} true`;
}

/**
 * The per-user directory for ControlMaster sockets: `$TMPDIR/socktop-ssh-<uid>`, made 0700.
 * Refused when it is someone else's or open to others (a socket there could be another user's master).
 */
export function ensureControlDir(base: string = tmpdir()): string {
	const uid = process.getuid?.() ?? 0;
	const dir = join(base, `socktop-ssh-${uid}`);
	mkdirSync(dir, {recursive: true, mode: 0o700});
	const stat = lstatSync(dir);
	if (!stat.isDirectory() || stat.uid !== uid || (stat.mode & 0o077) !== 0)
		throw new Error(`${dir} must be a directory of uid ${uid} with mode 0700 (ssh control sockets)`);
	return dir;
}

// What the many-hosts code needs from ssh, injected by the composition root (source/main)
// so tests and benches can mount the same code with a fake (e.g. one that runs the remote
// command in a local `sh`, or in a network namespace).
import type {Readable, Writable} from 'node:stream';

/** A running remote command: its output streams, its end, and a way to stop it. */
export interface SshChannel {
	readonly stdout: Readable;
	readonly stderr: Readable;
	/** Kept open: the remote watchdog ends the remote command when it closes. */
	readonly stdin: Writable;
	onExit(listener: (code: number | null) => void): void;
	kill(): void;
}

export interface SshResult {
	readonly code: number | null;
	readonly stdout: string;
	readonly stderr: string;
}

export interface SshCapability {
	/** Starts `remoteCommand` on `dest` as one long-lived channel. */
	open(dest: string, remoteCommand: string): SshChannel;
	/** Runs a short command on `dest` to its end (killed after `timeoutMs`). */
	run(dest: string, remoteCommand: string, timeoutMs: number): Promise<SshResult>;
}

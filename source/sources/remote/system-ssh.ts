// The real SshCapability: the system `ssh` with socktop's options (os/ssh-command.ts),
// spawned with an argument array (no local shell).
import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process';
import {ensureControlDir, keepaliveFor, type SshOptions, sshArgv} from '../../os/ssh-command.js';
import type {SshCapability, SshChannel, SshResult} from './ssh-capability.js';

function channelOf(child: ChildProcessWithoutNullStreams): SshChannel {
	let exited: number | null | undefined;
	const listeners: ((code: number | null) => void)[] = [];
	const done = (code: number | null) => {
		if (exited !== undefined) return;
		exited = code;
		for (const listener of listeners) listener(code);
	};
	// 'exit', then the end of stderr (the reason of a failure: under load its last chunk can
	// come after 'exit', and the host read "ssh exited with 255" instead of "Permission
	// denied"); not 'close' alone: a ControlPersist master forked by this ssh could hold its
	// pipes, hence a bounded wait for that end: 2 s (200 ms was too short at load 30 on 2
	// cores: system-ssh-exit.test.ts, whose stderr comes 0.1 s after the exit, failed once in
	// a run of 9 test files that took 223 s). A failing host waits ≥ 1 s to reconnect anyway.
	let stderrEnded = false;
	child.stderr.once('end', () => {
		stderrEnded = true;
	});
	child.once('exit', (code) => {
		if (stderrEnded) return done(code);
		const timer = setTimeout(() => done(code), 2000);
		timer.unref();
		child.stderr.once('end', () => {
			clearTimeout(timer);
			done(code);
		});
	});
	child.once('error', () => done(-1));
	// A write after the remote end went away must not crash the process.
	child.stdin.on('error', () => {});
	return {
		stdout: child.stdout,
		stderr: child.stderr,
		stdin: child.stdin,
		onExit(listener) {
			if (exited !== undefined) listener(exited);
			else listeners.push(listener);
		},
		kill() {
			if (exited === undefined) child.kill('SIGTERM');
		},
	};
}

export function createSystemSsh(options: SshOptions, sshPath = 'ssh'): SshCapability {
	return {
		open(dest, remoteCommand) {
			const child = spawn(sshPath, sshArgv(dest, remoteCommand, options), {stdio: ['pipe', 'pipe', 'pipe']});
			return channelOf(child);
		},
		run(dest, remoteCommand, timeoutMs) {
			return new Promise<SshResult>((resolve) => {
				const child = spawn(sshPath, sshArgv(dest, remoteCommand, options), {
					stdio: ['ignore', 'pipe', 'pipe'],
				});
				let stdout = '';
				let stderr = '';
				child.stdout.on('data', (chunk: Buffer) => {
					stdout += chunk.toString('utf8');
				});
				child.stderr.on('data', (chunk: Buffer) => {
					stderr += chunk.toString('utf8');
				});
				const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
				child.once('error', (error) => {
					clearTimeout(timer);
					resolve({code: -1, stdout, stderr: error.message});
				});
				// The output's end ('close'), or shortly after 'exit' should a forked master hold the pipes.
				const finish = (code: number | null) => {
					clearTimeout(timer);
					resolve({code, stdout, stderr});
				};
				child.once('close', (code) => finish(code));
				child.once('exit', (code) => setTimeout(() => finish(code), 200).unref());
			});
		},
	};
}

/** The ssh every part of `--host` uses (streams and kill): one ControlPath, so one shared connection per host. */
export function systemSshFor(intervalMs: number): SshCapability {
	return createSystemSsh({controlDir: ensureControlDir(), keepaliveSeconds: keepaliveFor(intervalMs)});
}

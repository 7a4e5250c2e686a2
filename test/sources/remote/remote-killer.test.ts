// The kill of a remote row: what goes to ssh (argv and remote command), what is refused
// before ssh runs, and how the remote `kill`'s answer is read. stderr texts are real:
// dash 0.5.12 (Debian 12) `sh -c 'kill -TERM 999999'` as root and `kill -TERM 1` as
// nobody, bash 5.2 `kill -0 999999` (2026-11-30).
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {sshArgv} from '../../../source/os/ssh-command.js';
import {
	createRemoteKiller,
	remoteKillCommand,
	signalResultOf,
} from '../../../source/sources/remote/remote-killer.js';
import type {SshCapability, SshResult} from '../../../source/sources/remote/ssh-capability.js';

const DASH_GONE = 'sh: 1: kill: No such process\n';
const DASH_EPERM = 'sh: 1: kill: Operation not permitted\n';
const BASH_GONE = 'bash: kill: (999999) - No such process\n';

/** An ssh that records each run and answers with `answer`. */
function fakeSsh(answer: SshResult = {code: 0, stdout: '', stderr: ''}) {
	const runs: {dest: string; command: string}[] = [];
	const ssh: SshCapability = {
		open: () => {
			throw new Error('kill never opens a stream');
		},
		run: async (dest, command) => {
			runs.push({dest, command});
			return answer;
		},
	};
	return {ssh, runs};
}

describe('remote killer', () => {
	it('runs `kill -TERM PID` / `kill -KILL PID` / `kill -0 PID` on the row host', async () => {
		const {ssh, runs} = fakeSsh();
		const killer = createRemoteKiller(ssh);
		assert.equal(await killer.signal('web1', 1200, 'SIGTERM'), 'sent');
		assert.equal(await killer.signal('admin@web1', 1200, 'SIGKILL'), 'sent');
		assert.equal(await killer.isAlive('web1', 1200), true);
		assert.deepEqual(runs, [
			{dest: 'web1', command: 'kill -TERM 1200'},
			{dest: 'admin@web1', command: 'kill -KILL 1200'},
			{dest: 'web1', command: 'kill -0 1200'},
		]);
	});

	it('refuses a pid that is not a whole number above 1, without running ssh', async () => {
		const {ssh, runs} = fakeSsh();
		const killer = createRemoteKiller(ssh);
		for (const pid of [0, 1, -1, -1200, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
			assert.equal(remoteKillCommand(pid, 'SIGTERM'), null, String(pid));
			assert.equal(await killer.signal('web1', pid, 'SIGTERM'), 'error', String(pid));
			assert.equal(await killer.isAlive('web1', pid), false, String(pid));
		}
		assert.deepEqual(runs, []);
	});

	it('never hands ssh a destination it would read as an option', async () => {
		const {ssh, runs} = fakeSsh();
		const killer = createRemoteKiller(ssh);
		for (const dest of ['-oProxyCommand=touch /tmp/shk-pwned', '-F/dev/null', '', 'web1 -v'])
			assert.equal(await killer.signal(dest, 1200, 'SIGTERM'), 'error', dest);
		assert.deepEqual(runs, []);
		// And the argv the real ssh gets ends its options with `--` before the destination.
		const argv = sshArgv('web1', 'kill -TERM 1200', {controlDir: '/tmp/shk-ctl', keepaliveSeconds: 5});
		assert.deepEqual(argv.slice(-3), ['--', 'web1', 'kill -TERM 1200']);
		assert.ok(
			argv.includes('ControlPath=/tmp/shk-ctl/%C'),
			'the streams’ ControlPath: one shared connection',
		);
	});

	it('reads the remote kill’s answer', () => {
		const result = (code: number | null, stderr = ''): SshResult => ({code, stdout: '', stderr});
		assert.equal(signalResultOf(result(0)), 'sent');
		assert.equal(signalResultOf(result(1, DASH_GONE)), 'gone');
		assert.equal(signalResultOf(result(1, BASH_GONE)), 'gone');
		assert.equal(signalResultOf(result(1, DASH_EPERM)), 'no-permission');
		// ssh's own failure: the host did not answer, nothing was signalled.
		assert.equal(
			signalResultOf(result(255, 'ssh: connect to host web1 port 22: Connection refused\n')),
			'error',
		);
		assert.equal(signalResultOf(result(null)), 'error');
		assert.equal(signalResultOf(result(-1)), 'error');
	});

	it('says a process lives while signal 0 reaches it or is refused, and not once it is gone', async () => {
		assert.equal(
			await createRemoteKiller(fakeSsh({code: 1, stdout: '', stderr: DASH_GONE}).ssh).isAlive('b', 42),
			false,
		);
		assert.equal(
			await createRemoteKiller(fakeSsh({code: 1, stdout: '', stderr: DASH_EPERM}).ssh).isAlive('b', 42),
			true,
		);
		// No answer from the host: not claimed gone (the dialog then offers SIGKILL, which fails with a message).
		assert.equal(
			await createRemoteKiller(fakeSsh({code: 255, stdout: '', stderr: ''}).ssh).isAlive('b', 42),
			true,
		);
	});
});

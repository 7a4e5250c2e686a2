import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {systemKiller} from '../../source/os/process-killer.js';

// The real killer on real processes this test starts (never anything else).
describe('process killer', () => {
	it('sees a running child, signals it, and reports it gone once it exited', async () => {
		const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], {stdio: 'ignore'});
		const exited = new Promise((resolve) => child.once('exit', resolve));
		try {
			assert.ok(child.pid);
			assert.equal(systemKiller.isAlive(child.pid), true);
			assert.equal(systemKiller.signal(child.pid, 'SIGTERM'), 'sent');
			await exited;
			assert.equal(systemKiller.isAlive(child.pid), false);
			assert.equal(systemKiller.signal(child.pid, 'SIGTERM'), 'gone');
		} finally {
			child.kill('SIGKILL');
		}
	});

	it('treats a zombie (exited, not yet reaped) as gone', async (t) => {
		if (process.platform !== 'linux') return t.skip('reads /proc');
		// A parent that forks a child which exits at once and is never reaped (Python does
		// not reap unless asked; SIGCHLD set back to default so the kernel keeps the zombie).
		const script = [
			'import os, signal, time',
			'signal.signal(signal.SIGCHLD, signal.SIG_DFL)',
			'pid = os.fork()',
			'if pid == 0: os._exit(0)',
			'print(pid, flush=True)',
			'time.sleep(30)',
		].join('\n');
		const parent = spawn('python3', ['-c', script], {stdio: ['ignore', 'pipe', 'ignore']});
		try {
			const pid = Number(
				await new Promise<string>((resolve) =>
					parent.stdout.once('data', (data: Buffer) => resolve(String(data))),
				),
			);
			const state = () => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
			for (let i = 0; i < 100 && state() !== 'Z'; i++) await new Promise((r) => setTimeout(r, 20));
			assert.equal(state(), 'Z', 'the child is a zombie: kill(pid, 0) still succeeds for it');
			process.kill(pid, 0);
			assert.equal(systemKiller.isAlive(pid), false);
		} finally {
			parent.kill('SIGKILL');
		}
	});

	it('refuses pid 0, 1 and negative pids (process groups)', () => {
		for (const pid of [0, 1, -1, -1234, 1.5]) assert.equal(systemKiller.signal(pid, 'SIGTERM'), 'error');
	});
});

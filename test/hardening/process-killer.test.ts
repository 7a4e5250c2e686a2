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
		// sh runs a child that exits at once and then sleeps without reaping it.
		const parent = spawn('sh', ['-c', '(exit 0) & echo $!; exec sleep 30'], {
			stdio: ['ignore', 'pipe', 'ignore'],
		});
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

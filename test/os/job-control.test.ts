// Whether a shell could resume socktop once stopped (os/job-control.ts): an orphaned process
// group (`ssh -t host socktop`) has none.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {inOrphanedProcessGroup, parseStatIds} from '../../source/os/job-control.js';

/** A /proc/<pid>/stat line: pid (comm) state ppid pgrp session … */
const stat = (pid: number, comm: string, ppid: number, pgrp: number, session: number) =>
	`${pid} (${comm}) S ${ppid} ${pgrp} ${session} 34816 ${pgrp} 4194560 0 0 0 0 0 0 0 0 20 0 1 0 0\n`;

const tree = (lines: Record<string, string>) => (pid: number | 'self') => lines[String(pid)] ?? null;

describe('job control', () => {
	it('reads ppid, pgrp and session past a name with spaces and parentheses', () => {
		assert.deepEqual(parseStatIds(stat(9, 'a) b (c', 8, 7, 6)), {ppid: 8, pgrp: 7, session: 6});
		assert.equal(parseStatIds('garbage'), null);
	});

	it('an interactive shell in the same session (another group) can resume it', () => {
		const stats = tree({self: stat(300, 'node', 200, 300, 100), 200: stat(200, 'bash', 100, 200, 100)});
		assert.equal(inOrphanedProcessGroup(stats), false);
	});

	it('through wrappers in its own group (npx, bash -c) up to such a shell: not orphaned', () => {
		const stats = tree({
			self: stat(400, 'node', 300, 300, 100),
			300: stat(300, 'npm exec', 200, 300, 100),
			200: stat(200, 'bash', 100, 200, 100),
		});
		assert.equal(inOrphanedProcessGroup(stats), false);
	});

	it('ssh -t host socktop: the first ancestor outside its group is sshd, in another session', () => {
		const direct = tree({self: stat(500, 'node', 450, 500, 500), 450: stat(450, 'sshd', 1, 450, 450)});
		assert.equal(inOrphanedProcessGroup(direct), true);
		const viaBashC = tree({
			self: stat(501, 'node', 500, 500, 500),
			500: stat(500, 'bash', 450, 500, 500),
			450: stat(450, 'sshd', 1, 450, 450),
		});
		assert.equal(inOrphanedProcessGroup(viaBashC), true);
	});

	it('cannot tell (no /proc, an ancestor gone): not orphaned, suspend as before', () => {
		assert.equal(
			inOrphanedProcessGroup(() => null),
			false,
		);
		assert.equal(inOrphanedProcessGroup(tree({self: stat(600, 'node', 599, 600, 100)})), false);
	});

	it('on this machine: a child started without a terminal in its own session is orphaned', {
		skip: process.platform !== 'linux' && 'Linux /proc only',
	}, () => {
		// setsid: a new session and group whose parent (this process) is in another session.
		const module = fileURLToPath(new URL('../../source/os/job-control.ts', import.meta.url));
		const loader = new URL('../../scripts/ts-register.mjs', import.meta.url).href;
		const script = `const {inOrphanedProcessGroup} = await import(${JSON.stringify(module)}); console.log(inOrphanedProcessGroup())`;
		const run = spawnSync(
			'setsid',
			['-w', process.execPath, '--import', loader, '--input-type=module', '-e', script],
			{
				encoding: 'utf8',
				timeout: 30_000,
			},
		);
		assert.equal(run.status, 0, run.stderr);
		assert.equal(run.stdout.trim(), 'true');
	});
});

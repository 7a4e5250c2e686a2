// Every way out of the dashboard gives the terminal back, in a real pty (tmux):
// main screen, visible cursor, cooked mode with echo, no process left behind.
import assert from 'node:assert/strict';
import {before, describe, test} from 'node:test';
import {assertBuilt, CLI_PATH, NODE, NOT_LINUX} from './helpers/paths.js';
import {hasCommand, isAlive, pidsMatching} from './helpers/process.js';
import {type DashboardRun, dashboardReady, NORMAL_SCREEN_LINE, startDashboard} from './helpers/tmux.js';
import {STARTUP_MS, waitFor} from './helpers/wait.js';

let hasTmux = false;
before(async () => {
	if (NOT_LINUX) return;
	assertBuilt();
	hasTmux = await hasCommand('tmux');
});

interface ExitPath {
	readonly name: string;
	readonly leave: (dash: DashboardRun, pid: number) => Promise<void>;
	/** What the shell sees: 0 for the quit keys, 128 + signal number for signals. */
	readonly status: number;
}

const PATHS: readonly ExitPath[] = [
	{name: 'q', leave: (dash) => dash.sendKeys('q'), status: 0},
	{name: 'Ctrl-C (key in the pane)', leave: (dash) => dash.sendKeys('C-c'), status: 0},
	{name: 'SIGTERM from outside', leave: async (_, pid) => void process.kill(pid, 'SIGTERM'), status: 143},
	{name: 'SIGHUP from outside', leave: async (_, pid) => void process.kill(pid, 'SIGHUP'), status: 129},
	{name: 'SIGINT from outside', leave: async (_, pid) => void process.kill(pid, 'SIGINT'), status: 130},
];

describe('terminal restored on exit', {skip: NOT_LINUX}, () => {
	for (const path of PATHS) {
		test(path.name, async (t) => {
			if (!hasTmux) return t.skip('tmux is not installed');
			const dash = await startDashboard({args: ['--interval', '500'], width: 100, height: 30});
			t.after(() => dash.cleanup());
			const pid = await dash.pid();
			await dash.waitForPane('the dashboard to draw its first poll', dashboardReady, STARTUP_MS);
			assert.equal(await dash.display('#{alternate_on}'), '1', 'on the alternate screen while running');
			assert.deepEqual(pidsMatching(dash.marker), [pid], 'the marker finds socktop and only it');

			await path.leave(dash, pid);
			const {status, stty} = await dash.waitForExit();

			assert.equal(status, path.status, 'exit status');
			// tmux reads the pty on its own schedule: wait (bounded) for it to catch up.
			const state = await waitFor(
				'the main screen with a visible cursor',
				async () => {
					const value = await dash.display('#{alternate_on} #{cursor_flag}');
					return value === '0 1' && value;
				},
				{
					timeoutMs: 5000,
					describe: async () =>
						`${await dash.display('alternate_on=#{alternate_on} cursor_flag=#{cursor_flag}')}\n${await dash.capture()}`,
				},
			);
			assert.equal(state, '0 1');
			const screen = await dash.capture();
			assert.ok(screen.includes(NORMAL_SCREEN_LINE), `the shell's screen is back:\n${screen}`);
			assert.doesNotMatch(screen, /Listening|q quit/, 'no dashboard on the main screen');
			assert.match(stty, /(^|\s)icanon(\s|$)/, `canonical mode back on:\n${stty}`);
			assert.match(stty, /(^|\s)echo(\s|$)/, `echo back on:\n${stty}`);
			assert.match(stty, /(^|\s)isig(\s|$)/, `signals from keys back on:\n${stty}`);
			assert.equal(isAlive(pid), false, 'socktop has exited');
			assert.deepEqual(pidsMatching(dash.marker), [], 'no socktop process left');
		});
	}

	test('the terminal itself goes away (tmux kill-pane: hangup): socktop exits', async (t) => {
		if (!hasTmux) return t.skip('tmux is not installed');
		const dash = await startDashboard({args: ['--interval', '500'], width: 100, height: 30});
		t.after(() => dash.cleanup());
		const pid = await dash.pid();
		await dash.waitForPane('the dashboard to draw its first poll', dashboardReady, STARTUP_MS);
		// Nothing is left to restore; what matters is that socktop does not linger on a dead pty.
		await dash.server.tmux('kill-pane', '-t', dash.target);
		await waitFor('socktop to exit after the hangup', () => !isAlive(pid));
		assert.deepEqual(pidsMatching(dash.marker), [], 'no socktop process left');
	});

	test('the terminal goes away and no SIGHUP reaches socktop (another session leads: runuser, su, setsid): it exits', async (t) => {
		if (!hasTmux) return t.skip('tmux is not installed');
		if (!(await hasCommand('setsid'))) return t.skip('setsid (util-linux) is not installed');
		// setsid: socktop leads a session of its own on the pane's pty, as under `runuser -u`, so the
		// kernel's hangup signal goes to the pane's shell only; socktop sees its terminal end.
		// A long interval: no frame is written after the hangup, so a write's EIO cannot end it instead.
		const dash = await startDashboard({
			command: ['setsid', NODE, CLI_PATH, '--interval', '60000'],
			width: 100,
			height: 30,
		});
		t.after(() => dash.cleanup());
		const pid = await dash.pid();
		await dash.waitForPane('the dashboard to draw its first poll', dashboardReady, STARTUP_MS);
		await dash.server.tmux('kill-pane', '-t', dash.target);
		await waitFor('socktop to exit after its terminal went away', () => !isAlive(pid));
		assert.deepEqual(pidsMatching(dash.marker), [], 'no socktop process left');
	});
});

// A component of the dashboard throws while the dashboard is up in a real pty (tmux):
// socktop must still give the terminal back (main screen, visible cursor, cooked mode
// with echo), say what went wrong in one line on the normal screen, exit 1, and leave
// no process behind. The crashing root comes in through runDashboard's `root` option
// (test/fixtures/e2e/crash-dashboard.ts).
import assert from 'node:assert/strict';
import {before, describe, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {TS_IMPORT} from '../helpers/ts-import.js';
import {STACK_FRAME} from './helpers/cli.js';
import {NODE, NOT_LINUX} from './helpers/paths.js';
import {hasCommand, isAlive, pidsMatching} from './helpers/process.js';
import {NORMAL_SCREEN_LINE, startDashboard} from './helpers/tmux.js';
import {STARTUP_MS, waitFor} from './helpers/wait.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/e2e/crash-dashboard.ts', import.meta.url));
const MESSAGE = 'boom from component';

let hasTmux = false;
before(async () => {
	if (NOT_LINUX) return;
	hasTmux = await hasCommand('tmux');
});

const MODES = [
	['render', 'the component throws while rendering'],
	['effect', 'a useEffect callback throws'],
	['timer', 'a timer callback throws (uncaught exception)'],
	['rejection', 'a promise rejects unhandled'],
] as const;

describe('a crash inside the dashboard restores the terminal', {skip: NOT_LINUX}, () => {
	for (const [mode, what] of MODES) {
		test(`${what}: main screen, cursor, cooked mode, one line, exit 1`, async (t) => {
			if (!hasTmux) return t.skip('tmux is not installed');
			const dash = await startDashboard({
				command: [NODE, ...TS_IMPORT, FIXTURE, mode],
				width: 100,
				height: 30,
			});
			t.after(() => dash.cleanup());
			const pid = await dash.pid();
			await dash.waitForPane(
				'the crash fixture to draw',
				(text) => text.includes('crash fixture ready'),
				STARTUP_MS,
			);
			assert.equal(await dash.display('#{alternate_on}'), '1', 'on the alternate screen while running');
			assert.equal(await dash.display('#{cursor_flag}'), '0', 'cursor hidden while running');

			await dash.sendKeys('x');
			const {status, stty} = await dash.waitForExit();

			assert.equal(status, 1, 'exit status');
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
			const lines = screen.split('\n').filter((line) => line.trim() !== '');
			const messages = lines.filter((line) => line.includes(MESSAGE));
			assert.deepEqual(messages, [`socktop: ${MESSAGE}`], `one line saying what failed:\n${screen}`);
			assert.ok(
				lines.indexOf(messages[0]!) > lines.findIndex((line) => line.includes(NORMAL_SCREEN_LINE)),
				'the message comes after the shell line, on the normal screen',
			);
			assert.doesNotMatch(screen, STACK_FRAME, 'no stack trace on the terminal');
			assert.doesNotMatch(screen, /crash fixture/, 'nothing of the dashboard on the main screen');
			assert.match(stty, /(^|\s)icanon(\s|$)/, `canonical mode back on:\n${stty}`);
			assert.match(stty, /(^|\s)echo(\s|$)/, `echo back on:\n${stty}`);
			assert.match(stty, /(^|\s)isig(\s|$)/, `signals from keys back on:\n${stty}`);
			assert.equal(isAlive(pid), false, 'socktop has exited');
			assert.deepEqual(pidsMatching(dash.marker), [], 'no process left');
		});
	}
});

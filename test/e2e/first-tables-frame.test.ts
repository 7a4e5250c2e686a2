// The plain first frame from the first tables as read (issue 14, first-tables.ts), in a real pty
// (tmux, 80×24): the frame shows the listeners and the counts while the differ's and the store's part of
// that read is still held (test/fixtures/e2e/first-tables-dashboard.ts); once released, Ink's
// frame replaces it (its footer, the owners filled in), and `q` exits 0 on the main screen.
import assert from 'node:assert/strict';
import {before, describe, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {TS_IMPORT} from '../helpers/ts-import.js';
import {NODE, NOT_LINUX} from './helpers/paths.js';
import {hasCommand} from './helpers/process.js';
import {startDashboard} from './helpers/tmux.js';
import {STARTUP_MS} from './helpers/wait.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/e2e/first-tables-dashboard.ts', import.meta.url));

let hasTmux = false;
before(async () => {
	if (NOT_LINUX) return;
	hasTmux = await hasCommand('tmux');
});

describe('plain first frame from the first tables', {skip: NOT_LINUX}, () => {
	// One size: the frame's lines at 80×24 and 160×50 are test/store/first-tables.test.ts's; this
	// checks the order on a real terminal (each start here is a dashboard under tsx: seconds of CPU).
	for (const [width, height] of [[80, 24]] as const) {
		test(`${width}×${height}: drawn before the store applies the tables, then Ink's frame`, async (t) => {
			if (!hasTmux) return t.skip('tmux is not installed');
			const dash = await startDashboard({command: [NODE, ...TS_IMPORT, FIXTURE], width, height});
			t.after(() => dash.cleanup());
			const plain = await dash.waitForPane(
				'the plain frame from the tables',
				(text) => /127\.0\.0\.1 +31377/.test(text) && /127\.0\.0\.1 +31378/.test(text),
				STARTUP_MS,
			);
			assert.match(plain, /listening 2 {2}established 2 {2}other 0 {2}owners: reading…/);
			assert.doesNotMatch(plain, /q quit/, "Ink's footer is not there: the store has not applied the tables");
			assert.equal(await dash.display('#{alternate_on}'), '1', 'the screen taken');
			process.kill(await dash.pid(), 'SIGUSR2');
			const ink = await dash.waitForPane(
				"Ink's frame with the owners",
				(text) => /q quit/.test(text) && /fixture-owner/.test(text),
				STARTUP_MS,
			);
			assert.doesNotMatch(ink, /owners: reading/, 'no line of the plain frame left');
			await dash.sendKeys('q');
			const {status} = await dash.waitForExit();
			assert.equal(status, 0);
			assert.equal(await dash.display('#{alternate_on}'), '0', 'the main screen back');
		});
	}
});

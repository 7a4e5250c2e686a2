// TERM=dumb cannot move the cursor: on such a terminal socktop prints the table once,
// as with --once, instead of drawing a dashboard nobody can read (issue 8, item 9).
import assert from 'node:assert/strict';
import {before, test} from 'node:test';
import {assertBuilt, CLI_PATH, NODE, NOT_LINUX} from './helpers/paths.js';
import {hasCommand} from './helpers/process.js';
import {spawnPeer} from './helpers/spawn-peer.js';
import {startDashboard} from './helpers/tmux.js';
import {STARTUP_MS} from './helpers/wait.js';

let hasTmux = false;
before(async () => {
	if (NOT_LINUX) return;
	assertBuilt();
	hasTmux = await hasCommand('tmux');
});

test('on a TERM=dumb terminal socktop prints the table once and exits 0', {skip: NOT_LINUX}, async (t) => {
	if (!hasTmux) return t.skip('tmux is not installed');
	const peer = await spawnPeer({mode: 'listen'});
	t.after(() => peer.close());
	const run = await startDashboard({
		command: ['env', 'TERM=dumb', NODE, CLI_PATH, '--timeout', '20000', '--filter', `proc:${peer.title}`],
		width: 120,
		height: 20,
	});
	t.after(() => run.cleanup());
	const {status} = await run.waitForExit(STARTUP_MS);
	const screen = await run.capture();
	assert.equal(status, 0, screen);
	assert.match(screen, /^PROTO\s+LOCAL\s+REMOTE\s+STATE/m, 'the --once table');
	assert.match(
		screen,
		new RegExp(`127\\.0\\.0\\.1:${peer.sockets.tcp4Listen!.localPort}\\s.*LISTEN`),
		screen,
	);
	assert.equal(await run.display('#{alternate_on}'), '0', 'never took over the screen');
});

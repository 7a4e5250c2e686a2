import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {test} from 'node:test';
import {benchTmux, keepServerRunning} from '../../bench/bench-tmux.js';
import {startWatchedPane} from '../../bench/pane-watch.js';
import {TmuxControl, tmuxWord} from '../../bench/tmux-control.js';

test('tmuxWord leaves plain words alone and quotes the rest for tmux', () => {
	assert.equal(tmuxWord('capture-pane'), 'capture-pane');
	assert.equal(tmuxWord('PATH=/usr/bin:/bin'), 'PATH=/usr/bin:/bin');
	assert.equal(tmuxWord('echo a; b'), '"echo a; b"');
	assert.equal(tmuxWord('say "$HOME" \\'), '"say \\"\\$HOME\\" \\\\"');
	assert.equal(tmuxWord(''), '""');
});

const tmuxMissing = spawnSync('tmux', ['-V']).status !== 0;

test('a pane started through the control client is seen when it writes, with its own size, and its pid', {
	skip: tmuxMissing ? 'tmux is not installed' : false,
	timeout: 15_000,
}, async (t) => {
	const tmux = benchTmux('socktop-test-pane-watch');
	t.after(() => tmux.kill());
	keepServerRunning(tmux);
	const control = await TmuxControl.open(tmux.socket, 'server-kept');
	t.after(() => control.close());
	// The words a shell would split differently (`;`, quotes, `$`) reach the pane as they are.
	const pane = await startWatchedPane(
		tmux,
		control,
		'watched',
		['sh', '-c', 'sleep 0.2; echo "$0 $(tput cols)x$(tput lines)"; exec sleep 30', 'seen;"it"'],
		{cols: 70, rows: 20},
	);
	t.after(() => pane.close());
	assert.ok(pane.pid > 0);
	const ms = await pane.until((screen) => screen.includes('seen;"it" 70x20'), 10_000);
	assert.ok(ms !== null, `never shown; last screen: ${pane.screen()}`);
	// Seen from the output it wrote after its 0.2 s sleep, not before, and captured for it.
	assert.ok(ms >= 150, `${ms} ms`);
	assert.ok(pane.captures() >= 1);
	// A second wait on what the last capture already shows needs no new capture.
	const captures = pane.captures();
	assert.equal(await pane.until((screen) => screen.includes('70x20'), 10_000), ms);
	assert.equal(pane.captures(), captures);
	assert.equal(
		(await control.command(['display-message', '-p', '-t', 'watched', '#{pane_pid}'])).output,
		String(pane.pid),
	);
});

test('a control client whose server is gone answers at once, not never', {
	skip: tmuxMissing ? 'tmux is not installed' : false,
	timeout: 15_000,
}, async (t) => {
	const tmux = benchTmux('socktop-test-pane-watch-gone');
	t.after(() => tmux.kill());
	keepServerRunning(tmux);
	const control = await TmuxControl.open(tmux.socket, 'server-kept');
	t.after(() => control.close());
	assert.equal((await control.command(['display-message', '-p', 'up'])).output, 'up');
	tmux.kill();
	// The client exits with its server; every command after that fails at once.
	for (let i = 0; i < 50; i++) {
		const reply = await control.command(['display-message', '-p', 'up']);
		if (!reply.ok) return;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	assert.fail('still answering 1 s after its server was killed');
});

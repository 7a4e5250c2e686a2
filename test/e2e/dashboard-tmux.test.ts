// The real dashboard (dist/cli.js) in a real pty: tmux on a private socket.
import assert from 'node:assert/strict';
import {before, test} from 'node:test';
import {createProcfsSource} from '../../source/sources/procfs/procfs-source.js';
import {assertBuilt, NOT_LINUX} from './helpers/paths.js';
import {hasCommand, isAlive, pidsMatching} from './helpers/process.js';
import {type Peer, spawnPeer} from './helpers/spawn-peer.js';
import {dashboardReady, NORMAL_SCREEN_LINE, startDashboard} from './helpers/tmux.js';
import {STARTUP_MS, waitFor} from './helpers/wait.js';

let hasTmux = false;
before(async () => {
	if (NOT_LINUX) return;
	assertBuilt();
	hasTmux = await hasCommand('tmux');
});

/**
 * Rows enough for the listening pane to show every listening socket on this
 * machine plus ours (it gets 40% of the body): at least 40, as a user would have.
 */
async function paneHeight(): Promise<number> {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), STARTUP_MS);
	try {
		// The namespace the dashboard reads (`--netns host` below), tables only: a count of
		// listeners needs no owners (a walk of every process's fds: seconds on a busy machine).
		const {records} = await createProcfsSource({netns: 'host'}).read(controller.signal, {
			ownersWanted: () => false,
		});
		const listening = records.filter((r) => r.state === 'LISTEN' || r.state === 'UNCONN').length;
		return Math.min(400, Math.max(40, Math.ceil((listening + 2 + 10) / 0.4) + 13));
	} finally {
		clearTimeout(timer);
	}
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The peer's listener as a row of the Listening pane: address, port … pid, process. */
const listenerRow = (peer: Peer) => {
	const socket = peer.sockets.tcp4Listen!;
	return new RegExp(
		`\\b127\\.0\\.0\\.1\\s+${socket.localPort}\\s.*\\s${peer.pid}\\s+${escapeRegExp(peer.title)}(\\s|$)`,
		'm',
	);
};

test('dashboard in tmux: a new listener shows up, / narrows to it, q exits 0 and restores the screen', {
	skip: NOT_LINUX,
}, async (t) => {
	if (!hasTmux) return t.skip('tmux is not installed');
	// `--netns host`: its own namespace, where the peers listen. By default it reads every
	// namespace, whose listeners (other tests make them in theirs) would crowd the pane.
	const dash = await startDashboard({
		args: ['--interval', '500', '--netns', 'host'],
		width: 120,
		height: await paneHeight(),
	});
	t.after(() => dash.cleanup());
	const pid = await dash.pid();

	await dash.waitForPane('the dashboard to draw its first poll', dashboardReady, STARTUP_MS);
	assert.equal(await dash.display('#{alternate_on}'), '1', 'the dashboard uses the alternate screen');

	// Two listeners: the one the filter will keep, and one it must hide.
	const wanted = await spawnPeer({mode: 'listen'});
	t.after(() => wanted.close());
	const other = await spawnPeer({mode: 'listen'});
	t.after(() => other.close());
	// "Within two polls" at 500 ms; the bound is generous because this machine is noisy.
	await dash.waitForPane(
		'both new listeners in the Listening pane',
		(text) => listenerRow(wanted).test(text) && listenerRow(other).test(text),
	);

	await dash.sendKeys('/');
	await dash.waitForPane('the filter prompt', (text) => /Enter keep\s+Esc undo edit/.test(text));
	await dash.sendText(`proc:${wanted.title}`);
	await dash.waitForPane(
		'the panes to narrow while typing',
		(text) =>
			text.includes(`/proc:${wanted.title}`) &&
			listenerRow(wanted).test(text) &&
			!listenerRow(other).test(text),
	);
	await dash.sendKeys('Enter');
	const filtered = await dash.waitForPane(
		'the filter to be kept',
		(text) => text.includes(`filter: proc:${wanted.title}`) && listenerRow(wanted).test(text),
	);
	assert.doesNotMatch(filtered, listenerRow(other));
	assert.doesNotMatch(
		filtered,
		new RegExp(escapeRegExp(other.title)),
		'nothing of the other peer is on screen',
	);

	await dash.sendKeys('q');
	const {status, stty} = await dash.waitForExit();
	assert.equal(status, 0, 'q exits 0');
	await waitFor(
		'tmux to show the main screen again',
		async () => (await dash.display('#{alternate_on}')) === '0',
		{
			describe: dash.capture,
		},
	);
	const screen = await dash.capture();
	assert.ok(screen.includes(NORMAL_SCREEN_LINE), `the shell's screen is back:\n${screen}`);
	assert.doesNotMatch(screen, /Listening|Connections|q quit/, 'no dashboard left on the main screen');
	assert.match(stty, /(^|\s)icanon(\s|$)/, 'canonical mode back on');
	assert.match(stty, /(^|\s)echo(\s|$)/, 'echo back on');
	assert.equal(isAlive(pid), false, 'socktop has exited');
	assert.deepEqual(pidsMatching(dash.marker), [], 'no socktop process left');
});

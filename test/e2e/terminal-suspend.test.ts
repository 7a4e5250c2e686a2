// Ctrl-Z's other half, in a real pty with a job-control shell (bash in tmux): `kill -TSTP`
// gives the terminal back and stops socktop; `fg` takes the screen again, draws the whole
// frame and keys work. (The Ctrl-Z key itself calls the same suspend().)
import assert from 'node:assert/strict';
import {readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {before, test} from 'node:test';
import {assertBuilt, CLI_PATH, NODE, NOT_LINUX, REPO_ROOT} from './helpers/paths.js';
import {expectNoProcess, hasCommand, isAlive, pidsMatching, uniqueToken} from './helpers/process.js';
import {dashboardReady, shellQuote, TmuxServer} from './helpers/tmux.js';
import {STARTUP_MS, waitFor} from './helpers/wait.js';

let hasTools = false;
before(async () => {
	if (NOT_LINUX) return;
	assertBuilt();
	hasTools = (await hasCommand('tmux')) && (await hasCommand('bash'));
});

const processState = async (pid: number) =>
	(await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /s, '')[0];

test('kill -TSTP restores the terminal and stops; fg redraws the whole frame and keys work', {
	skip: NOT_LINUX,
}, async (t) => {
	if (!hasTools) return t.skip('tmux or bash is not installed');
	const server = new TmuxServer();
	const marker = uniqueToken('sktpsusp');
	const sttyFile = join(tmpdir(), `${marker}.stty`);
	t.after(async () => {
		for (const pid of pidsMatching(marker)) process.kill(pid, 'SIGKILL');
		await server.kill();
		await expectNoProcess(marker, 5000).catch(() => {});
		await rm(sttyFile, {force: true});
	});
	await server.newSession('job', 100, 30, 'env PS1="shell$ " bash --norc --noprofile -i');
	const capture = () => server.tmux('capture-pane', '-p', '-t', 'job');
	const display = async (format: string) =>
		(await server.tmux('display-message', '-p', '-t', 'job', format)).trim();
	const typeLine = async (line: string) => {
		await server.tmux('send-keys', '-t', 'job', '-l', line);
		await server.tmux('send-keys', '-t', 'job', 'Enter');
	};
	const waitForPane = (what: string, check: (text: string) => boolean, timeoutMs = 10_000) =>
		waitFor(
			what,
			async () => {
				const text = await capture();
				return check(text) && text;
			},
			{timeoutMs, describe: capture},
		);
	await waitForPane('the shell prompt', (text) => text.includes('shell$'));
	await typeLine(
		`cd ${shellQuote(REPO_ROOT)} && SOCKTOP_E2E_MARKER=${marker} ${shellQuote(NODE)} ${shellQuote(CLI_PATH)} --interval 500`,
	);
	await waitForPane('the dashboard', dashboardReady, STARTUP_MS);
	const [pid] = await waitFor('socktop pid', () => pidsMatching(marker).length === 1 && pidsMatching(marker));
	assert.equal(
		await display('#{alternate_on} #{cursor_flag}'),
		'1 0',
		'running: alternate screen, no cursor',
	);

	process.kill(pid!, 'SIGTSTP');
	await waitFor('socktop to stop', async () => (await processState(pid!)) === 'T', {describe: capture});
	await waitFor(
		'main screen and a visible cursor',
		async () => (await display('#{alternate_on} #{cursor_flag}')) === '0 1',
		{
			describe: async () => `${await display('#{alternate_on} #{cursor_flag}')}\n${await capture()}`,
		},
	);
	await waitForPane(
		'the shell to report the stopped job',
		(text) => /Stopped/.test(text) && !text.includes('Listening'),
	);
	await typeLine(`stty -a > ${shellQuote(sttyFile)}`);
	const stty = await waitFor('stty output', async () => {
		const text = await readFile(sttyFile, 'utf8').catch(() => '');
		return /\bicanon\b/.test(text) && /\bisig\b/.test(text) && text;
	});
	assert.match(stty, /(^|\s)icanon(\s|$)/, 'cooked mode while stopped');
	assert.match(stty, /(^|\s)echo(\s|$)/);

	// Resized while stopped: only the shell gets SIGWINCH, so fg must read the new size.
	await server.tmux('resize-window', '-t', 'job', '-x', '80', '-y', '24');
	await waitFor('the pane at 80x24', async () => (await display('#{pane_width}x#{pane_height}')) === '80x24');

	// The shell's own lines are on the main screen; after fg not one of them may show.
	await typeLine('fg');
	const redrawn = await waitForPane(
		'the whole frame after fg',
		(text) => dashboardReady(text) && !/shell\$|Stopped|stty/.test(text) && text.includes('Connections'),
	);
	assert.equal(
		await display('#{alternate_on} #{cursor_flag}'),
		'1 0',
		'alternate screen and no cursor again',
	);
	assert.match(redrawn, /^socktop /, 'the header on the first line');
	// Laid out for 80 columns: a 100-column frame wraps, so its footer spills a second
	// line ("s scan") and the header scrolls off the top.
	const drawn = redrawn.trimEnd().split('\n');
	assert.match(drawn.at(-1)!, /^q quit /, `the footer is the last line:\n${redrawn}`);
	assert.ok(drawn.length <= 24, `fits 24 rows:\n${redrawn}`);
	assert.equal(await processState(pid!).then((s) => s !== 'T'), true, 'running again');

	// Raw mode is back: one key acts at once, without Enter. `?` rather than Tab: Tab skips
	// a pane with nothing to select, and a quiet machine may have no connection to show.
	await server.tmux('send-keys', '-t', 'job', '?');
	await waitForPane('? to open the help', (text) => /^Keys /m.test(text));
	await server.tmux('send-keys', '-t', 'job', 'q');
	await waitForPane('q to close the help', (text) => dashboardReady(text));
	await server.tmux('send-keys', '-t', 'job', 'q');
	await waitFor('socktop to exit', () => !isAlive(pid!));
	await waitFor(
		'main screen after q',
		async () => (await display('#{alternate_on} #{cursor_flag}')) === '0 1',
	);
});

// `npm start` runs socktop under npm and sh, all in the job's one process group. Stopping only
// socktop left the shell waiting on a running npm: no `Stopped`, no prompt to type `fg` at.
test('Ctrl-Z under a wrapper (as npm start runs it) stops the whole job; fg brings the dashboard back', {
	skip: NOT_LINUX,
}, async (t) => {
	if (!hasTools) return t.skip('tmux or bash is not installed');
	const server = new TmuxServer();
	const marker = uniqueToken('sktpwrap');
	t.after(async () => {
		for (const pid of pidsMatching(marker)) process.kill(pid, 'SIGKILL');
		await server.kill();
		await expectNoProcess(marker, 5000).catch(() => {});
	});
	await server.newSession('job', 100, 30, 'env PS1="shell$ " bash --norc --noprofile -i');
	const capture = () => server.tmux('capture-pane', '-p', '-t', 'job');
	const waitForPane = (what: string, check: (text: string) => boolean, timeoutMs = 10_000) =>
		waitFor(what, async () => check(await capture()), {timeoutMs, describe: capture});
	await waitForPane('the shell prompt', (text) => text.includes('shell$'));
	// A wrapper that stays (the command after node keeps sh from exec'ing it), as npm and its sh do.
	const command = `cd ${shellQuote(REPO_ROOT)} && SOCKTOP_E2E_MARKER=${marker} ${shellQuote(NODE)} ${shellQuote(CLI_PATH)} --interval 500; true`;
	await server.tmux('send-keys', '-t', 'job', '-l', `sh -c ${shellQuote(command)}`);
	await server.tmux('send-keys', '-t', 'job', 'Enter');
	await waitForPane('the dashboard', dashboardReady, STARTUP_MS);
	const [pid] = await waitFor('socktop pid', () => pidsMatching(marker).length === 1 && pidsMatching(marker));
	await server.tmux('send-keys', '-t', 'job', 'C-z');
	await waitForPane(
		'the shell to report the whole job stopped, and its prompt',
		(text) => /Stopped\s+sh -c/.test(text) && /^shell\$\s*$/m.test(text),
	);
	assert.equal(await processState(pid!), 'T');
	await server.tmux('send-keys', '-t', 'job', '-l', 'fg');
	await server.tmux('send-keys', '-t', 'job', 'Enter');
	await waitForPane('the dashboard after fg', (text) => dashboardReady(text) && !text.includes('Stopped'));
	await server.tmux('send-keys', '-t', 'job', 'q');
	await waitFor('socktop to exit', () => !isAlive(pid!));
	await waitForPane('the prompt after q', (text) => /^shell\$\s*$/m.test(text));
});

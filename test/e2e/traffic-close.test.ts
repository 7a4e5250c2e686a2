// A connection that closes between two polls keeps its final bytes: the real dashboard
// (dist/cli.js in tmux, 80×24) with --log, a python3 connection that the dashboard sees open,
// then moves 300,000 bytes one way and 1,234 back and closes within the same interval. Its close
// events in the log carry the counters the kernel had at the close (read by the dashboard's
// long-lived `ss -tinHOeE`), and that ss is gone once the dashboard quits.
import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {before, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {assertBuilt, NOT_LINUX} from './helpers/paths.js';
import {Child, hasCommand, isAlive} from './helpers/process.js';
import {dashboardReady, startDashboard} from './helpers/tmux.js';
import {STARTUP_MS, waitFor} from './helpers/wait.js';

const SCRIPT = fileURLToPath(new URL('../fixtures/traffic/close-after-transfer.py', import.meta.url));
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

let missing: string | false = false;
before(async () => {
	if (NOT_LINUX) return;
	assertBuilt();
	if (!(await hasCommand('tmux'))) missing = 'tmux is not installed';
	else if (!(await hasCommand('ss'))) missing = 'ss (iproute2) is not installed';
	else if (!(await hasCommand(PYTHON))) missing = 'python3 is not installed';
});

const read = (path: string) => {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return '';
	}
};

/** Pids of PID's descendants whose command line contains `-tinHOeE` (the close-event ss). */
function closeWatchers(pid: number): number[] {
	const found: number[] = [];
	const walk = (parent: number) => {
		for (const task of read(`/proc/${parent}/task/${parent}/children`).split(' ').filter(Boolean)) {
			const child = Number(task);
			if (read(`/proc/${child}/cmdline`).split('\0').includes('-tinHOeE')) found.push(child);
			walk(child);
		}
	};
	walk(pid);
	return found;
}

const logEvents = async (path: string) =>
	(await readFile(path, 'utf8').catch(() => ''))
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line) as Record<string, unknown>);

test('a connection closing between polls: its final bytes in the log; no ss -E left after exit', {
	skip: NOT_LINUX,
}, async (t) => {
	if (missing) return t.skip(missing);
	const dir = await mkdtemp(join(tmpdir(), 'tr-e2e-close-'));
	t.after(() => rm(dir, {recursive: true, force: true}));
	const log = join(dir, 'events.ndjson');
	// 3 s between polls: the transfer and the close (milliseconds) fall between two of them.
	// --timeout: on a loaded machine with other tests' thousands of sockets a poll can take
	// longer than the interval (the default bound), and a failed poll reports no events.
	const dash = await startDashboard({
		args: ['--interval', '3000', '--timeout', '30000', '--log', log],
		width: 80,
		height: 24,
	});
	t.after(() => dash.cleanup());
	await dash.waitForPane('the dashboard to draw its first poll', dashboardReady, STARTUP_MS);
	const pid = await dash.pid();
	const watchers: number[] = await waitFor(
		'the dashboard to start ss -tinHOeE',
		() => {
			const pids = closeWatchers(pid);
			return pids.length > 0 ? pids : undefined;
		},
		{timeoutMs: 3 * STARTUP_MS},
	);

	const pair = new Child(PYTHON, [SCRIPT, '--wait']);
	t.after(() => pair.stop('SIGKILL'));
	const [port, clientPort] = (await waitFor('the connection', () => pair.lines()[0], {timeoutMs: STARTUP_MS}))
		.split(' ')
		.map(Number);
	// This namespace's connection (netns null): the dashboard reads every namespace, and another
	// may hold a connection between the same two port numbers.
	const isClient = (event: Record<string, unknown>) =>
		event.localPort === clientPort && event.remotePort === port && event.netns === null;
	const isServer = (event: Record<string, unknown>) =>
		event.localPort === port && event.remotePort === clientPort && event.netns === null;
	// The dashboard has seen both ends open (a poll read them, idle).
	await waitFor(
		'both ends open in the log',
		async () => {
			const events = await logEvents(log);
			return (
				events.some((e) => e.event === 'open' && isClient(e)) &&
				events.some((e) => e.event === 'open' && isServer(e))
			);
		},
		{timeoutMs: 3 * STARTUP_MS},
	);
	pair.process.stdin?.write('go\n');
	await waitFor('the transfer to end', () => pair.lines()[1] === 'closed', {timeoutMs: STARTUP_MS});
	// The server end (passive closer) closes; the client end (active closer) turns TIME_WAIT, its
	// socket gone and its row kept for 60 s: the counters come on whichever event that was.
	const ended = (e: Record<string, unknown>) =>
		(e.event === 'close' || (e.event === 'change' && e.state === 'TIME_WAIT')) &&
		typeof e.bytesSent === 'number';
	const [client, server] = await waitFor(
		'both ends gone, with counters, in the log',
		async () => {
			const events = await logEvents(log);
			const c = events.find((e) => ended(e) && isClient(e));
			const s = events.find((e) => ended(e) && isServer(e));
			return c && s ? ([c, s] as const) : undefined;
		},
		{timeoutMs: 3 * STARTUP_MS},
	);
	// bytes_received counts the peer's FIN once it arrived (+1), and bytes_sent counts
	// retransmitted bytes too (a run here: 314,875 for 300,000 of data, bytes_retrans 14,875 under
	// load): the kernel's figures as ss reads them. So: received exactly, sent at least.
	assert.ok([300_000, 300_001].includes(server!.bytesReceived as number), JSON.stringify(server));
	assert.ok([1234, 1235].includes(client!.bytesReceived as number), JSON.stringify(client));
	assert.ok((client!.bytesSent as number) >= 300_000, JSON.stringify(client));
	assert.ok((server!.bytesSent as number) >= 1234, JSON.stringify(server));

	await dash.sendKeys('q');
	assert.equal((await dash.waitForExit()).status, 0);
	for (const watcher of watchers)
		await waitFor(`ss -tinHOeE (pid ${watcher}) to end with the dashboard`, () => !isAlive(watcher), {
			timeoutMs: 5000,
		});
});

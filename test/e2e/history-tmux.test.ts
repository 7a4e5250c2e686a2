// The history view, --log, --alert and --alert-exec on the real dashboard (dist/cli.js) in
// tmux at 80×24, then `socktop history` reading the log back: "what opened this port, when?"
import assert from 'node:assert/strict';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {before, test} from 'node:test';
import {runCli} from './helpers/cli.js';
import {assertBuilt, NODE, NOT_LINUX} from './helpers/paths.js';
import {hasCommand} from './helpers/process.js';
import {spawnPeer} from './helpers/spawn-peer.js';
import {dashboardReady, startDashboard} from './helpers/tmux.js';
import {STARTUP_MS, waitFor} from './helpers/wait.js';

let hasTmux = false;
before(async () => {
	if (NOT_LINUX) return;
	assertBuilt();
	hasTmux = await hasCommand('tmux');
});

// The hook: append its stdin to the file named by its argument (argv, no shell).
const HOOK =
	'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>require("fs").appendFileSync(process.argv[1],s))';

test('history in tmux: a new listener is in the history view, the log, the hook; socktop history reads it back', {
	skip: NOT_LINUX,
}, async (t) => {
	if (!hasTmux) return t.skip('tmux is not installed');
	const dir = await mkdtemp(join(tmpdir(), 'shi-e2e-history-'));
	t.after(() => rm(dir, {recursive: true, force: true}));
	const log = join(dir, 'events.ndjson');
	const hookOut = join(dir, 'hook.ndjson');
	const dash = await startDashboard({
		args: [
			'--interval',
			'500',
			'--log',
			log,
			'--alert',
			'new-listener addr:127.0.0.1',
			'--alert-exec',
			NODE,
			'-e',
			HOOK,
			hookOut,
		],
		width: 80,
		height: 24,
	});
	t.after(() => dash.cleanup());
	await dash.waitForPane('the dashboard to draw its first poll', dashboardReady, STARTUP_MS);

	const peer = await spawnPeer({mode: 'listen'});
	t.after(() => peer.close());
	const port = peer.sockets.tcp4Listen!.localPort;
	await dash.sendKeys('H');
	const view = await dash.waitForPane(
		'the history view',
		// "since HH:MM:SS" until the oldest events are forgotten (a busy machine: 10,000 kept).
		(text) => /^History\s+\d+ events( since \d\d:\d\d:\d\d|, oldest \d+ forgotten)/m.test(text),
		STARTUP_MS,
	);
	assert.match(view, /q close\s+\/ filter/);
	// Narrowed to the port with the filter language (other tests' sockets come and go meanwhile,
	// and can push the line off the first screen); the listener's open event is there.
	await dash.sendKeys('/');
	// Its own listener (not `port:` alone: another namespace's socket or a scan's on that port).
	await dash.sendText(`lport:${port} ns:host state:listen`);
	await dash.sendKeys('Enter');
	await dash.waitForPane(
		'the new listener in the filtered history',
		(text) =>
			/\d+ of \d+ events match/.test(text) &&
			new RegExp(`open\\s+LISTEN\\s+${peer.title} \\(\\d+\\)\\s+tcp4 127\\.0\\.0\\.1:${port}`).test(text),
		STARTUP_MS,
	);
	await dash.sendKeys('q');
	await dash.waitForPane('the table again', (text) => text.includes('Listening'));

	// The hook got the event as JSON on its stdin.
	const hooked = await waitFor(
		'the hook to receive the event',
		async () => {
			const text = await readFile(hookOut, 'utf8').catch(() => '');
			const events = text
				.split('\n')
				.filter(Boolean)
				.map((line) => JSON.parse(line) as Record<string, unknown>);
			// This namespace's listener: another namespace's may have the same port (the dashboard
			// reads every namespace, and other tests make listeners on 127.0.0.1 in theirs).
			return events.find((event) => event.localPort === port && event.netns === null);
		},
		{timeoutMs: STARTUP_MS},
	);
	assert.equal(hooked.event, 'open');
	assert.equal(hooked.process, peer.title);
	assert.deepEqual(hooked.alerts, ['new-listener addr:127.0.0.1']);

	await peer.close();
	await waitFor(
		'the close event in the log',
		async () =>
			(await readFile(log, 'utf8'))
				.split('\n')
				.some(
					(line) =>
						line.includes(`"event":"close"`) &&
						line.includes(`"localPort":${port},`) &&
						line.includes('"state":"LISTEN"') &&
						line.includes('"netns":null'),
				),
		{timeoutMs: STARTUP_MS},
	);
	await dash.sendKeys('q');
	assert.equal((await dash.waitForExit()).status, 0);

	// Its own listener only: `port:` alone also matches another namespace's socket on that port,
	// or the sockets of a scan from another test that reached this one.
	const ownListener = `lport:${port} ns:host state:listen`;
	const table = await runCli(['history', log, '--filter', ownListener]);
	assert.equal(table.code, 0, table.stderr);
	const rows = table.stdout.trim().split('\n');
	assert.match(rows[0]!, /^TIME\s+EVENT/);
	assert.match(
		rows[1]!,
		new RegExp(
			`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+open\\s+tcp4\\s+127\\.0\\.0\\.1:${port}\\s+\\*\\s+LISTEN\\s+${peer.pid}\\s+${peer.title}`,
		),
	);
	assert.match(rows.at(-1)!, /close\s+.*gone/);
	const json = await runCli(['history', log, '--json', '--filter', ownListener, '--since', '10m']);
	const events = json.stdout
		.trim()
		.split('\n')
		.map((line) => JSON.parse(line) as {event: string; changed?: string[]; pid: number | null});
	assert.equal(events[0]?.event, 'open', json.stdout);
	assert.equal(events.at(-1)?.event, 'close', json.stdout);
	// Between them, at most the owner leaving: the peer's SIGTERM empties its fd table before the
	// kernel drops the listener, and a poll in that moment sees the socket with no owner (seen
	// once in five runs beside other tests, at load ≈ 10).
	for (const event of events.slice(1, -1))
		assert.ok(
			event.event === 'change' && event.changed?.join() === 'owners' && event.pid === null,
			json.stdout,
		);
});

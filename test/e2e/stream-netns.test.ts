// The real binary's --json stream, in a network namespace of its own (nothing else on
// the machine can add sockets to it; `--netns host`: that namespace only, not every one): one TCP connection walked through ESTABLISHED →
// FIN_WAIT2 / CLOSE_WAIT → TIME_WAIT. The events replayed give the table --once prints.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {jsonLines} from './helpers/cli.js';
import {assertBuilt, CLI_PATH, NODE, NOT_LINUX, REPO_ROOT} from './helpers/paths.js';
import {Child, run, uniqueToken} from './helpers/process.js';
import {STARTUP_MS, waitFor} from './helpers/wait.js';

const NS = uniqueToken('sktp-stream-');
const PEER = fileURLToPath(new URL('../fixtures/e2e/transitions-peer.mjs', import.meta.url));
let skip: string | false = NOT_LINUX ? 'Linux only' : false;
let made = false;

before(async () => {
	if (skip) return;
	assertBuilt();
	if (process.getuid?.() !== 0) {
		skip = 'network namespaces need root';
		return;
	}
	const added = await run('ip', ['netns', 'add', NS], {timeoutMs: 10_000});
	if (added.code !== 0) {
		skip = `ip netns add is not permitted here (${added.stderr.trim() || added.code})`;
		return;
	}
	made = true;
	const up = await run('ip', ['-n', NS, 'link', 'set', 'lo', 'up'], {timeoutMs: 10_000});
	assert.equal(up.code, 0, up.stderr);
});
after(async () => {
	if (made) await run('ip', ['netns', 'delete', NS], {timeoutMs: 10_000});
});

const inNs = (file: string, args: readonly string[]) =>
	new Child('ip', ['netns', 'exec', NS, file, ...args], {
		cwd: REPO_ROOT,
		env: {...process.env, NO_COLOR: '1'},
	});

type Event = Record<string, unknown> & {event: string; key: string; state: string; localPort: number};
const EVENT_ONLY = ['event', 'time', 'key', 'firstSeen', 'seenAtStart', 'changed', 'previous', 'reason'];
const asOnceLine = (event: Record<string, unknown>) =>
	JSON.stringify(Object.fromEntries(Object.entries(event).filter(([field]) => !EVENT_ONLY.includes(field))));

test('--json in its own network namespace: open, change and close events rebuild the --once table', async (t) => {
	if (skip) return t.skip(skip);
	const peer = inNs(NODE, [PEER]);
	const stream = inNs(NODE, [CLI_PATH, '--json', '--interval', '200', '--netns', 'host']);
	t.after(async () => {
		await stream.stop('SIGKILL');
		await peer.stop('SIGKILL');
	});
	const describe = () => `stream stdout:\n${stream.stdout.slice(-4000)}\nstderr:\n${stream.stderr}`;
	let replies = 0;
	const command = async (word: string) => {
		peer.process.stdin?.write(`${word}\n`);
		await waitFor(`the peer's answer to ${word}`, () => peer.lines().length > replies, {
			describe: () => peer.stderr,
		});
		return JSON.parse(peer.lines()[replies++]!) as Record<string, number>;
	};
	const events = () => jsonLines(stream.lines().join('\n')) as Event[];
	const has = (check: (event: Event) => boolean) => events().some(check);
	const waitEvent = (what: string, check: (event: Event) => boolean) =>
		waitFor(what, () => has(check), {timeoutMs: STARTUP_MS, describe});

	const {port} = await command('listen');
	await waitEvent(
		'the listener opens',
		(e) => e.event === 'open' && e.localPort === port && e.state === 'LISTEN',
	);
	const {clientPort} = await command('connect');
	const client = (e: Event) => e.localPort === clientPort;
	const server = (e: Event) => e.localPort === port && e.remotePort === clientPort;
	await waitEvent(
		'the client end opens',
		(e) => e.event === 'open' && client(e) && e.state === 'ESTABLISHED',
	);
	await waitEvent(
		'the server end opens',
		(e) => e.event === 'open' && server(e) && e.state === 'ESTABLISHED',
	);

	await command('half-close');
	await waitEvent(
		'client ESTABLISHED → FIN_WAIT2',
		(e) => e.event === 'change' && client(e) && e.state === 'FIN_WAIT2',
	);
	await waitEvent(
		'server ESTABLISHED → CLOSE_WAIT',
		(e) => e.event === 'change' && server(e) && e.state === 'CLOSE_WAIT',
	);

	await command('close-server');
	await waitEvent('client → TIME_WAIT', (e) => e.event === 'change' && client(e) && e.state === 'TIME_WAIT');
	await waitEvent('the server end closes', (e) => e.event === 'close' && server(e));
	const timeWait = events().find((e) => e.event === 'change' && client(e) && e.state === 'TIME_WAIT')!;
	// The owner's label goes with the owner (a test runner in a systemd unit gives it one).
	const labelled = typeof (timeWait.previous as Record<string, unknown>).container === 'string';
	assert.deepEqual(
		timeWait.changed,
		['state', 'owners', 'user', 'inode', ...(labelled ? ['container'] : [])],
		'TIME_WAIT has no owner, no inode',
	);
	assert.deepEqual([timeWait.pid, timeWait.uid, timeWait.user, timeWait.inode], [null, null, null, null]);
	assert.equal((timeWait.previous as Record<string, unknown>).state, 'FIN_WAIT2');

	await command('close-listener');
	await waitEvent(
		'the listener closes',
		(e) => e.event === 'close' && e.localPort === port && e.state === 'LISTEN',
	);
	// Every event for one socket follows from the one before it.
	const held = new Map<string, Event>();
	for (const event of events()) {
		if (event.event === 'open') assert.equal(held.has(event.key), false, JSON.stringify(event));
		else assert.equal(held.has(event.key), true, JSON.stringify(event));
		if (event.event === 'close') held.delete(event.key);
		else held.set(event.key, event);
	}
	// Settled (TIME_WAIT lasts a minute): --once prints what the events left.
	const once = await run('ip', ['netns', 'exec', NS, NODE, CLI_PATH, '--once', '--json', '--netns', 'host'], {
		cwd: REPO_ROOT,
		timeoutMs: 30_000,
	});
	assert.equal(once.code, 0, once.stderr);
	const printed = jsonLines(once.stdout)
		.map((record) => JSON.stringify(record))
		.sort();
	assert.deepEqual([...held.values()].map(asOnceLine).sort(), printed);
	assert.equal(printed.length, 1, `only the TIME_WAIT is left:\n${once.stdout}`);
	assert.equal(stream.stderr, '');
});

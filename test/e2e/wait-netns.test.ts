// `socktop wait --netns`: a listener inside another network namespace (made here with
// `ip netns add`), waited for by name, by id and with `all`; the default (`host`) does not see
// it; a namespace with no process (its socket made by a setns holder in the host namespace)
// is read as root when named; as nobody `all` sees root's namespace's listener too (the tables
// are world-readable). Ports 31220-31229, inside the namespaces only.
import assert from 'node:assert/strict';
import {statSync} from 'node:fs';
import {after, before, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {assertBuilt, CLI_PATH, NODE, NOT_LINUX, REPO_ROOT} from './helpers/paths.js';
import {Child, run, uniqueToken} from './helpers/process.js';
import {STARTUP_MS, waitFor} from './helpers/wait.js';

/** python3 runs (its start can take seconds on a loaded machine: a generous bound). */
const hasPython = () =>
	run('python3', ['--version'], {timeoutMs: 60_000}).then(
		(done) => done.code === 0,
		() => false,
	);

const PEER = fileURLToPath(new URL('../fixtures/e2e/netns-peer.mjs', import.meta.url));
const HOLDER = fileURLToPath(new URL('../fixtures/e2e/setns-holder.py', import.meta.url));
const NS = uniqueToken('nf-w-');
const IDLE = uniqueToken('nf-wi-');
// Below the kernel's ephemeral range (32768-60999): no other test's listen(0) or connect() draws them.
const PORT = 31220;
const IDLE_PORT = 31221;

let skip: string | false = NOT_LINUX
	? 'Linux only'
	: process.getuid?.() !== 0
		? 'ip netns add needs root'
		: false;
const children: Child[] = [];
const made: string[] = [];
let peerPid = 0;

before(async () => {
	if (skip) return;
	assertBuilt();
	for (const ns of [NS, IDLE]) {
		const added = await run('ip', ['netns', 'add', ns], {timeoutMs: 10_000});
		if (added.code !== 0) {
			skip = `ip netns add is not permitted here (${added.stderr.trim() || added.code})`;
			return;
		}
		made.push(ns);
		await run('ip', ['-n', ns, 'link', 'set', 'lo', 'up'], {timeoutMs: 10_000});
	}
});

after(async () => {
	for (const child of children) await child.stop('SIGKILL');
	for (const ns of made) await run('ip', ['netns', 'delete', ns], {timeoutMs: 10_000});
});

async function startPeer(): Promise<void> {
	const peer = new Child('ip', ['netns', 'exec', NS, NODE, PEER, String(PORT)], {cwd: REPO_ROOT});
	children.push(peer);
	await waitFor('the peer in the namespace', () => peer.lines().includes('ready'), {
		timeoutMs: STARTUP_MS,
		describe: () => peer.stderr,
	});
	peerPid = peer.pid;
}

const wait = (args: string[], user?: string) =>
	run(user ? 'runuser' : NODE, [...(user ? ['-u', user, '--', NODE] : []), CLI_PATH, 'wait', ...args], {
		cwd: user ? '/' : REPO_ROOT,
		timeoutMs: 90_000,
	});

test('as root: --netns NAME waits for a listener that appears inside the namespace', async (t) => {
	if (skip) return t.skip(skip);
	const waiter = new Child(
		NODE,
		[CLI_PATH, 'wait', '--netns', NS, '--port', String(PORT), '--timeout', '60s', '--verbose'],
		{
			cwd: REPO_ROOT,
		},
	);
	children.push(waiter);
	await waitFor('socktop to wait', () => waiter.stderr.includes('waiting for'), {timeoutMs: STARTUP_MS});
	assert.match(waiter.stderr, new RegExp(`in network namespace ${NS}`));
	await startPeer();
	const exit = await waiter.waitExit(STARTUP_MS);
	assert.equal(exit.code, 0, waiter.stderr);
	assert.match(waiter.stdout, new RegExp(`^tcp 0\\.0\\.0\\.0:${PORT} in netns:${NS} is listening`, 'm'));
});

test('as root: the default (host) does not see it; all and the id do; --gone by name', async (t) => {
	if (skip) return t.skip(skip);
	if (peerPid === 0) await startPeer();
	const host = await wait(['--port', String(PORT), '--timeout', '300ms']);
	assert.equal(host.code, 1, `the host namespace has nothing on ${PORT}: ${host.stdout}`);
	const all = await wait(['--netns', 'all', '--port', String(PORT), '--timeout', '20s']);
	assert.equal(all.code, 0, all.stderr);
	assert.match(all.stdout, new RegExp(`in netns:${NS} is listening`));
	const id = statSync(`/run/netns/${NS}`).ino;
	const byId = await wait(['--netns', String(id), '--port', String(PORT), '--timeout', '20s', '--udp']);
	assert.equal(byId.code, 0, byId.stderr);
	assert.match(byId.stdout, new RegExp(`^udp 0\\.0\\.0\\.0:${PORT} in netns:${NS}`, 'm'));
	const gone = await wait(['--netns', NS, '--port', String(PORT), '--gone', '--timeout', '300ms']);
	assert.equal(gone.code, 1, 'still listening there');
	assert.match(gone.stderr, new RegExp(`still listening on tcp port ${PORT} in network namespace ${NS}`));
});

test('as root: a namespace with no process is read when named', async (t) => {
	if (skip) return t.skip(skip);
	if (!(await hasPython())) return t.skip('python3 is not installed');
	const holder = new Child('python3', [HOLDER, `/run/netns/${IDLE}`, String(IDLE_PORT)], {cwd: REPO_ROOT});
	children.push(holder);
	await waitFor('the setns holder', () => holder.lines().includes('ready'), {
		timeoutMs: STARTUP_MS,
		describe: () => holder.stderr,
	});
	const named = await wait(['--netns', IDLE, '--port', String(IDLE_PORT), '--timeout', '20s']);
	assert.equal(named.code, 0, named.stderr);
	assert.match(named.stdout, new RegExp(`in netns:${IDLE} is listening`));
});

test("as nobody: --netns all sees the listener in root's namespace", async (t) => {
	if (skip) return t.skip(skip);
	if (peerPid === 0) await startPeer();
	const probe = await run(
		'runuser',
		['-u', 'nobody', '--', NODE, '-e', 'require("fs").accessSync(process.argv[1])', CLI_PATH],
		{timeoutMs: 20_000},
	);
	if (probe.code !== 0) return t.skip(`nobody cannot read ${CLI_PATH}`);
	const all = await wait(['--netns', 'all', '--port', String(PORT), '--timeout', '20s'], 'nobody');
	assert.equal(all.code, 0, all.stderr);
	assert.match(all.stdout, new RegExp(`^tcp 0\\.0\\.0\\.0:${PORT} in netns \\d+ is listening`, 'm'));
	const host = await wait(['--port', String(PORT), '--timeout', '300ms'], 'nobody');
	assert.equal(host.code, 1);
});

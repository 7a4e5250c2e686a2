// A network namespace with sockets but no process in it: `ip netns add`, then a process of the
// host namespace enters it with setns(2), makes a listener, a UDP socket and a short connection
// (its TIME_WAIT held by no process), and goes back (test/fixtures/e2e/setns-holder.py). /proc
// has no pid in that namespace to read its tables through; as root socktop reads them with a
// spawn (nsenter … tail), labelled `netns:<name>`, and they must agree with `ss -N NAME`. As
// nobody (no setns without CAP_SYS_ADMIN) `--netns NAME` says why it cannot, and `--once` still
// works.
import assert from 'node:assert/strict';
import {statSync} from 'node:fs';
import {after, before, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {jsonLines, runCli} from './helpers/cli.js';
import {assertBuilt, CLI_PATH, NODE, NOT_LINUX, REPO_ROOT} from './helpers/paths.js';
import {Child, run, uniqueToken} from './helpers/process.js';
import {parseSs} from './helpers/ss.js';
import {STARTUP_MS, waitFor} from './helpers/wait.js';

/** python3 runs (its start can take seconds on a loaded machine: a generous bound). */
const hasPython = () =>
	run('python3', ['--version'], {timeoutMs: 60_000}).then(
		(done) => done.code === 0,
		() => false,
	);

const HOLDER = fileURLToPath(new URL('../fixtures/e2e/setns-holder.py', import.meta.url));
const NS = uniqueToken('nf-idle-');
const PORT = 41210; // inside NS only

let skip: string | false = NOT_LINUX
	? 'Linux only'
	: process.getuid?.() !== 0
		? 'ip netns add and setns need root'
		: false;
let holder: Child | null = null;
let made = false;

before(async () => {
	if (skip) return;
	assertBuilt();
	if (!(await hasPython())) {
		skip = 'python3 is not installed (the setns holder)';
		return;
	}
	const added = await run('ip', ['netns', 'add', NS], {timeoutMs: 10_000});
	if (added.code !== 0) {
		skip = `ip netns add is not permitted here (${added.stderr.trim() || added.code})`;
		return;
	}
	made = true;
	await run('ip', ['-n', NS, 'link', 'set', 'lo', 'up'], {timeoutMs: 10_000});
	holder = new Child('python3', [HOLDER, `/run/netns/${NS}`, String(PORT)], {cwd: REPO_ROOT});
	await waitFor('the setns holder', () => holder!.lines().includes('ready'), {
		timeoutMs: STARTUP_MS,
		describe: () => holder!.stderr,
	});
});

after(async () => {
	await holder?.stop('SIGKILL');
	if (made) await run('ip', ['netns', 'delete', NS], {timeoutMs: 10_000});
});

type Json = {
	proto: string;
	family: number;
	localAddress: string;
	localPort: number;
	remoteAddress: string | null;
	remotePort: number | null;
	state: string;
	netns: number | null;
	container: string | null;
	pid: number | null;
};
const tuple = (s: Omit<Json, 'netns' | 'container' | 'pid'>) =>
	`${s.proto}${s.family} ${s.localAddress}:${s.localPort} ${s.remoteAddress ?? '*'}:${s.remotePort ?? '*'} ${s.state}`;

test('as root: a namespace with no process is read through nsenter, as ss -N sees it, labelled netns:NAME', async (t) => {
	if (skip) return t.skip(skip);
	// No process stays in the namespace. Another test's root socktop (`--netns all`) may be in it
	// for a moment, running ss there through nsenter (seen once with 4 process files at once), so
	// wait (bounded) for a moment with none rather than take one look.
	let inside = '';
	await waitFor(
		'no process in the namespace',
		async () => {
			inside = (await run('ip', ['netns', 'pids', NS], {timeoutMs: 10_000})).stdout.trim();
			return inside === '';
		},
		{timeoutMs: 10_000, describe: () => `still in it: ${inside}`},
	);
	const id = statSync(`/run/netns/${NS}`).ino;
	const ss = await run('ss', ['-N', NS, '-tunaH'], {timeoutMs: 10_000});
	assert.equal(ss.code, 0, ss.stderr);
	const expected = parseSs(ss.stdout).map(tuple).sort();
	assert.ok(
		expected.some((line) => line.includes('LISTEN')),
		`ss sees the listener:\n${ss.stdout}`,
	);
	assert.ok(
		expected.some((line) => line.includes('TIME_WAIT')),
		`ss sees the TIME_WAIT:\n${ss.stdout}`,
	);

	for (const args of [['--netns', NS], []]) {
		const done = await runCli(['--once', '--json', ...args], {timeoutMs: 90_000});
		assert.equal(done.code, 0, done.stderr);
		const records = (jsonLines(done.stdout) as Json[]).filter((record) => record.netns === id);
		assert.deepEqual(records.map(tuple).sort(), expected, `socktop ${args.join(' ')} against ss -N`);
		for (const record of records) assert.equal(record.container, `netns:${NS}`);
		const listener = records.find((record) => record.state === 'LISTEN')!;
		assert.equal(listener.pid, holder!.pid, 'the holder (in the host namespace) owns it');
		assert.equal(records.find((record) => record.state === 'TIME_WAIT')!.pid, null);
	}
	// The filter finds it by name.
	const filtered = await runCli(['--once', '--json', '-f', `ns:${NS}`], {timeoutMs: 90_000});
	assert.equal(filtered.code, 0, filtered.stderr);
	assert.equal((jsonLines(filtered.stdout) as Json[]).filter((r) => r.netns === id).length, expected.length);
});

test('as nobody: --netns NAME says only root reads it; --once still works', async (t) => {
	if (skip) return t.skip(skip);
	const asNobody = (args: string[]) =>
		run('runuser', ['-u', 'nobody', '--', NODE, CLI_PATH, ...args], {
			cwd: '/',
			env: {...process.env, NO_COLOR: '1'},
			timeoutMs: 90_000,
		});
	const probe = await run(
		'runuser',
		['-u', 'nobody', '--', NODE, '-e', 'require("fs").accessSync(process.argv[1])', CLI_PATH],
		{timeoutMs: 20_000},
	);
	if (probe.code !== 0) return t.skip(`nobody cannot read ${CLI_PATH}`);
	const named = await asNobody(['--once', '--netns', NS]);
	assert.equal(named.code, 1, named.stderr);
	assert.match(
		named.stderr,
		new RegExp(`network namespace ${NS} has no process: its sockets are read only as root`),
	);
	const all = await asNobody(['--once', '--json']);
	assert.equal(all.code, 0, all.stderr);
	const id = statSync(`/run/netns/${NS}`).ino;
	assert.equal((jsonLines(all.stdout) as Json[]).filter((record) => record.netns === id).length, 0);
});

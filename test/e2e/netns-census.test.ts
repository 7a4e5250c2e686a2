// Every network namespace on the machine, for real: three namespaces made here (two with
// `ip netns add`, one with `unshare -n`), a listener, an established pair and a UDP socket in
// each (two of them on the same port), the processes placed in cgroups made under the cgroup
// mount with the path shapes of Docker, Kubernetes and Podman, one in the host namespace in a
// systemd-shaped unit. `socktop --once --json` must list each namespace's sockets as `ss` sees
// them from inside it (nsenter), with the right `netns` and `container`, as root and as nobody.
import assert from 'node:assert/strict';
import {mkdirSync, readFileSync, readlinkSync, rmdirSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {jsonLines, runCli} from './helpers/cli.js';
import {assertBuilt, CLI_PATH, NODE, NOT_LINUX, REPO_ROOT} from './helpers/paths.js';
import {Child, run, uniqueToken} from './helpers/process.js';
import {parseSs} from './helpers/ss.js';
import {STARTUP_MS, waitFor} from './helpers/wait.js';

const PEER = fileURLToPath(new URL('../fixtures/e2e/netns-peer.mjs', import.meta.url));
const TOKEN = uniqueToken('sns-');
const NS_A = `${TOKEN}-a`;
const NS_B = `${TOKEN}-b`;
const SHARED_PORT = 23080; // in both named namespaces: two rows, not one
const ID = 'c0ffee0123456789abcdef0123456789abcdef0123456789abcdef0123456789';
const POD_UID = '8f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const CGROUPS = {
	docker: `system.slice/docker-${ID}.scope`,
	k8s: `kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${POD_UID.replaceAll('-', '_')}.slice/cri-containerd-${ID}.scope`,
	podman: `machine.slice/libpod-${ID}.scope`,
	systemd: 'system.slice/sns-web.service',
} as const;

let skip: string | false = NOT_LINUX
	? 'Linux only'
	: process.getuid?.() !== 0
		? 'namespaces and cgroups need root'
		: false;
const children: Child[] = [];
const namespaces: string[] = [];
let cgroupTop: string | null = null;

/** The cgroup v2 mount if there is one, else a v1 hierarchy's (pids, or the first). */
function cgroupMount(): string | null {
	const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
	const v2 = mounts.find((line) => / - cgroup2 /.test(line));
	if (v2) return v2.split(' ')[4]!;
	const v1 = mounts.filter((line) => / - cgroup /.test(line));
	const pick = v1.find((line) => /[ ,]pids(,|$)/.test(line)) ?? v1[0];
	return pick ? pick.split(' ')[4]! : null;
}

function placeIn(shape: keyof typeof CGROUPS, pid: number): void {
	const dir = join(cgroupTop!, CGROUPS[shape]);
	mkdirSync(dir, {recursive: true});
	writeFileSync(join(dir, 'cgroup.procs'), String(pid));
}

async function ip(...args: string[]) {
	const done = await run('ip', args, {timeoutMs: 10_000});
	assert.equal(done.code, 0, `ip ${args.join(' ')}: ${done.stderr}`);
}

async function startPeer(command: string[], port: number): Promise<Child> {
	const [file, ...args] = [...command, NODE, PEER, String(port)];
	const child = new Child(file!, args, {cwd: REPO_ROOT});
	children.push(child);
	await waitFor(`a peer on port ${port} (${command.join(' ')})`, () => child.lines().includes('ready'), {
		timeoutMs: STARTUP_MS,
		describe: () => child.stderr,
	});
	return child;
}

const peers: Record<'a' | 'aNamed' | 'b' | 'c' | 'host', Child | null> = {
	a: null,
	aNamed: null,
	b: null,
	c: null,
	host: null,
};

before(async () => {
	if (skip) return;
	assertBuilt();
	const mount = cgroupMount();
	if (!mount) {
		skip = 'no cgroup mount';
		return;
	}
	for (const ns of [NS_A, NS_B]) {
		const added = await run('ip', ['netns', 'add', ns], {timeoutMs: 10_000});
		if (added.code !== 0) {
			skip = `ip netns add is not permitted here (${added.stderr.trim() || added.code})`;
			return;
		}
		namespaces.push(ns);
		await ip('-n', ns, 'link', 'set', 'lo', 'up');
	}
	cgroupTop = join(mount, TOKEN);
	mkdirSync(cgroupTop);
	peers.a = await startPeer(['ip', 'netns', 'exec', NS_A], SHARED_PORT);
	placeIn('docker', peers.a.pid);
	peers.aNamed = await startPeer(['ip', 'netns', 'exec', NS_A], SHARED_PORT + 2); // no container: netns:<name>
	peers.b = await startPeer(['ip', 'netns', 'exec', NS_B], SHARED_PORT);
	placeIn('k8s', peers.b.pid);
	// unshare -n: a namespace with no name; lo is brought up from outside, then the peer enters.
	const holder = new Child('unshare', ['-n', 'sleep', '600']);
	children.push(holder);
	await waitFor('the unshare namespace', () => {
		try {
			return readlinkSync(`/proc/${holder.pid}/ns/net`) !== readlinkSync('/proc/self/ns/net');
		} catch {
			return false;
		}
	});
	await run('nsenter', ['-t', String(holder.pid), '-n', 'ip', 'link', 'set', 'lo', 'up']);
	peers.c = await startPeer(['nsenter', '-t', String(holder.pid), '-n'], SHARED_PORT + 1);
	placeIn('podman', peers.c.pid);
	placeIn('podman', holder.pid);
	peers.host = await startPeer([], SHARED_PORT + 3); // the host namespace, in a systemd unit
	placeIn('systemd', peers.host.pid);
});

after(async () => {
	for (const child of children) await child.stop('SIGKILL');
	for (const ns of namespaces) await run('ip', ['netns', 'delete', ns], {timeoutMs: 10_000});
	if (cgroupTop) {
		// Children first; the processes are gone, so the cgroups are empty.
		const dirs = Object.values(CGROUPS).flatMap((path) =>
			path.split('/').map((_, i, parts) => join(cgroupTop!, ...parts.slice(0, i + 1))),
		);
		for (const dir of [...new Set(dirs)].sort((a, b) => b.length - a.length))
			try {
				rmdirSync(dir);
			} catch {}
		try {
			rmdirSync(cgroupTop);
		} catch {}
	}
});

const nsId = (pid: number) => Number(/\d+/.exec(readlinkSync(`/proc/${pid}/ns/net`))![0]);
const tuple = (s: {
	proto: string;
	family: number;
	localAddress: string;
	localPort: number;
	remoteAddress: string | null;
	remotePort: number | null;
}) =>
	`${s.proto}${s.family} ${s.localAddress}:${s.localPort} ${s.remoteAddress ?? '*'}:${s.remotePort ?? '*'}`;

async function ssTuples(pid: number): Promise<string[]> {
	const done = await run('nsenter', ['-t', String(pid), '-n', 'ss', '-tunaH'], {timeoutMs: 10_000});
	assert.equal(done.code, 0, done.stderr);
	return parseSs(done.stdout).map(tuple).sort();
}

type Json = Record<string, unknown> & {
	proto: string;
	family: number;
	localAddress: string;
	localPort: number;
	remoteAddress: string | null;
	remotePort: number | null;
	netns: number | null;
	container: string | null;
	pid: number | null;
};

test('as root: every namespace is listed, each as ss sees it from inside, with its netns and container', async (t) => {
	if (skip) return t.skip(skip);
	const done = await runCli(['--once', '--json'], {timeoutMs: STARTUP_MS});
	assert.equal(done.code, 0, done.stderr);
	const records = jsonLines(done.stdout) as Json[];
	for (const [name, peer, label] of [
		['a (ip netns, docker cgroup)', peers.a!, `docker:${ID.slice(0, 12)}`],
		['b (ip netns, k8s cgroup)', peers.b!, `k8s:${POD_UID}`],
		['c (unshare -n, podman cgroup)', peers.c!, `podman:${ID.slice(0, 12)}`],
	] as const) {
		const id = nsId(peer.pid);
		const mine = records.filter((record) => record.netns === id);
		assert.deepEqual(
			mine.map(tuple).sort(),
			await ssTuples(peer.pid),
			`namespace ${name}: socktop against ss`,
		);
		const held = mine.filter((record) => record.pid === peer.pid);
		assert.equal(held.length, 4, `${name}: listener, both ends of the pair, UDP`);
		for (const record of held) assert.equal(record.container, label, name);
	}
	const named = records.filter((record) => record.pid === peers.aNamed!.pid);
	assert.ok(named.length > 0);
	for (const record of named) assert.equal(record.container, `netns:${NS_A}`);
	// Two namespaces listen on 0.0.0.0:SHARED_PORT: two rows.
	const listeners = records.filter((r) => r.localPort === SHARED_PORT && r.state === 'LISTEN');
	assert.deepEqual(new Set(listeners.map((r) => r.netns)), new Set([nsId(peers.a!.pid), nsId(peers.b!.pid)]));
	// The host namespace's records carry netns null; a unit's process is labelled with its unit.
	const web = records.filter((record) => record.pid === peers.host!.pid);
	assert.equal(web.length, 4);
	for (const record of web) {
		assert.equal(record.netns, null);
		assert.equal(record.container, 'systemd:sns-web.service');
	}
	assert.ok(records.some((record) => record.netns === null));
	assert.ok(!records.some((record) => record.netns === nsId(process.pid)));
});

test('--netns NAME and --netns host choose', async (t) => {
	if (skip) return t.skip(skip);
	const only = jsonLines(
		(await runCli(['--once', '--json', '--netns', NS_B], {timeoutMs: STARTUP_MS})).stdout,
	) as Json[];
	assert.ok(only.length > 0);
	assert.deepEqual(new Set(only.map((r) => r.netns)), new Set([nsId(peers.b!.pid)]));
	const host = jsonLines(
		(await runCli(['--once', '--json', '--netns', 'host'], {timeoutMs: STARTUP_MS})).stdout,
	) as Json[];
	assert.ok(host.every((r) => r.netns === null));
	const byId = jsonLines(
		(await runCli(['--once', '--json', '--netns', String(nsId(peers.c!.pid))], {timeoutMs: STARTUP_MS}))
			.stdout,
	) as Json[];
	assert.deepEqual(new Set(byId.map((r) => r.netns)), new Set([nsId(peers.c!.pid)]));
	// A name that names nothing is an error, not an empty table a script would take for "no sockets".
	const none = await runCli(['--once', '--netns', 'sns-nope'], {timeoutMs: STARTUP_MS});
	assert.equal(none.code, 1);
	assert.equal(none.stdout, '');
	assert.match(none.stderr, /no network namespace sns-nope/);
});

test('as nobody: the same sockets, owners unknown, container labels from the cgroups', async (t) => {
	if (skip) return t.skip(skip);
	const done = await run('runuser', ['-u', 'nobody', '--', NODE, CLI_PATH, '--once', '--json'], {
		cwd: '/',
		timeoutMs: STARTUP_MS,
		env: {...process.env, NO_COLOR: '1'},
	});
	if (done.code !== 0 && /EACCES|permission/i.test(done.stderr))
		return t.skip(`nobody cannot run this checkout: ${done.stderr}`);
	assert.equal(done.code, 0, done.stderr);
	const records = jsonLines(done.stdout) as Json[];
	for (const [name, peer, label] of [
		['a', peers.a!, `docker:${ID.slice(0, 12)}`],
		['b', peers.b!, `k8s:${POD_UID}`],
		['c', peers.c!, `podman:${ID.slice(0, 12)}`],
	] as const) {
		// As nobody, a namespace's id is the inode of its /proc/<pid>/net/tcp (the ns link is refused).
		const key = statSync(`/proc/${peer.pid}/net/tcp`).ino;
		const mine = records.filter((record) => record.netns === key);
		assert.deepEqual(mine.map(tuple).sort(), await ssTuples(peer.pid), `namespace ${name} as nobody`);
		for (const record of mine) {
			assert.equal(record.pid, null, `${name}: root's process is hidden from nobody`);
			assert.equal(record.container, label, `${name}: ${tuple(record)}`);
		}
	}
	assert.match(done.stderr, /in other network namespaces: .*docker:c0ffee012345/);
});

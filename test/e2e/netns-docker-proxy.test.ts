// A container listener published by a proxy in the host namespace, for real: a namespace made
// here with a listener on 0.0.0.0:41250 inside it, and a process named docker-proxy (a Python
// stand-in, test/fixtures/e2e/docker-proxy-stand-in.py) holding a free host port with dockerd's
// argv. With the container's address on a veth pair inside its namespace (no route from the host) the scan
// prefill is the host port; with it on a veth pair to the host (a link route) it is the
// container's address, the host port named as the other choice.
import assert from 'node:assert/strict';
import {mkdtempSync, realpathSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {createProcfsSource} from '../../source/sources/procfs/procfs-source.js';
import {netnsScanTarget} from '../../source/ui/controller/netns-scan-target.js';
import {NODE, NOT_LINUX, REPO_ROOT} from './helpers/paths.js';
import {Child, run, uniqueToken} from './helpers/process.js';
import {STARTUP_MS, waitFor} from './helpers/wait.js';

const PEER = fileURLToPath(new URL('../fixtures/e2e/netns-peer.mjs', import.meta.url));
const STAND_IN = fileURLToPath(new URL('../fixtures/e2e/docker-proxy-stand-in.py', import.meta.url));
const TOKEN = uniqueToken('nf', 3); // device names: at most 15 characters
const PORT = 41250; // inside the namespaces only
// Addresses of the namespaces' own devices: a /30 each, picked per run.
const octet = 1 + (Number.parseInt(TOKEN.slice(2, 4), 16) % 250);
const UNROUTED = `10.242.${octet}.2`;
const ROUTED = `10.243.${octet}.2`;
const ROUTED_HOST = `10.243.${octet}.1`;

let skip: string | false = NOT_LINUX
	? 'Linux only'
	: process.getuid?.() !== 0
		? 'namespaces and veth pairs need root'
		: false;
const children: Child[] = [];
const made: string[] = [];
let hostDevice: string | null = null;
let dir = '';
let symlink = '';

async function ip(...args: string[]) {
	const done = await run('ip', args, {timeoutMs: 10_000});
	assert.equal(done.code, 0, `ip ${args.join(' ')}: ${done.stderr}`);
}

before(async () => {
	if (skip) return;
	const python = await run('python3', ['-c', 'import os,sys; print(os.path.realpath(sys.executable))'], {
		timeoutMs: 20_000,
	});
	if (python.code !== 0) {
		skip = 'python3 is not installed (the docker-proxy stand-in)';
		return;
	}
	dir = mkdtempSync(join(tmpdir(), 'nf-proxy-'));
	symlink = join(dir, 'docker-proxy');
	symlinkSync(realpathSync(python.stdout.trim()), symlink);
	for (const suffix of ['u', 'r']) {
		const ns = `${TOKEN}-${suffix}`;
		const added = await run('ip', ['netns', 'add', ns], {timeoutMs: 10_000});
		if (added.code !== 0) {
			skip = `ip netns add is not permitted here (${added.stderr.trim()})`;
			return;
		}
		made.push(ns);
		await ip('-n', ns, 'link', 'set', 'lo', 'up');
	}
	// Unrouted: a veth pair with both ends inside (no dummy module here); the host has no route.
	await ip('-n', `${TOKEN}-u`, 'link', 'add', `${TOKEN}d`, 'type', 'veth', 'peer', 'name', `${TOKEN}e`);
	await ip('-n', `${TOKEN}-u`, 'addr', 'add', `${UNROUTED}/30`, 'dev', `${TOKEN}d`);
	await ip('-n', `${TOKEN}-u`, 'link', 'set', `${TOKEN}d`, 'up');
	// Routed: a veth pair, one end in the host namespace (a link route to the /30).
	hostDevice = `${TOKEN}h`;
	await ip('link', 'add', hostDevice, 'type', 'veth', 'peer', 'name', `${TOKEN}c`, 'netns', `${TOKEN}-r`);
	await ip('addr', 'add', `${ROUTED_HOST}/30`, 'dev', hostDevice);
	await ip('link', 'set', hostDevice, 'up');
	await ip('-n', `${TOKEN}-r`, 'addr', 'add', `${ROUTED}/30`, 'dev', `${TOKEN}c`);
	await ip('-n', `${TOKEN}-r`, 'link', 'set', `${TOKEN}c`, 'up');
	for (const suffix of ['u', 'r']) {
		const peer = new Child('ip', ['netns', 'exec', `${TOKEN}-${suffix}`, NODE, PEER, String(PORT)], {
			cwd: REPO_ROOT,
		});
		children.push(peer);
		await waitFor('a peer in a namespace', () => peer.lines().includes('ready'), {
			timeoutMs: STARTUP_MS,
			describe: () => peer.stderr,
		});
	}
});

after(async () => {
	for (const child of children) await child.stop('SIGKILL');
	if (hostDevice) await run('ip', ['link', 'delete', hostDevice], {timeoutMs: 10_000});
	for (const ns of made) await run('ip', ['netns', 'delete', ns], {timeoutMs: 10_000});
	if (dir) rmSync(dir, {recursive: true, force: true});
});

async function startProxy(containerAddress: string): Promise<{pid: number; hostPort: number}> {
	const proxy = new Child('python3', [STAND_IN, symlink, containerAddress, String(PORT)], {cwd: REPO_ROOT});
	children.push(proxy);
	const hostPort = await waitFor(
		'the docker-proxy stand-in',
		() => /^ready (\d+)$/m.exec(proxy.stdout)?.[1],
		{
			timeoutMs: STARTUP_MS,
			describe: () => proxy.stderr,
		},
	).then(Number);
	return {pid: proxy.pid, hostPort};
}

for (const [name, suffix, address, routed] of [
	['no route to the container: the host port', 'u', UNROUTED, false],
	['a route to the container: its own address, the host port as the other choice', 'r', ROUTED, true],
] as const)
	test(`as root, ${name}`, async (t) => {
		if (skip) return t.skip(skip);
		const {pid, hostPort} = await startProxy(address);
		const result = await createProcfsSource().read(AbortSignal.timeout(60_000));
		const proxyRecord = result.records.find((r) => r.pid === pid && r.state === 'LISTEN');
		assert.equal(proxyRecord?.process, 'docker-proxy', 'the stand-in is seen as docker-proxy');
		const listener = result.records.find(
			(r) =>
				r.netns !== null &&
				r.localPort === PORT &&
				r.state === 'LISTEN' &&
				r.container === `netns:${TOKEN}-${suffix}`,
		);
		assert.ok(listener, 'the container listener');
		const entry = result.netnsAddresses?.find((item) => item.netns === listener.netns);
		assert.deepEqual(entry?.published, [
			{
				proto: 'tcp',
				hostAddress: '0.0.0.0',
				hostPort,
				containerAddress: address,
				containerPort: PORT,
				containerRouted: routed,
				pid,
			},
		]);
		const target = netnsScanTarget(listener, result.netnsAddresses);
		if (routed) {
			assert.equal(target?.target, address);
			assert.match(
				target?.message?.text ?? '',
				new RegExp(`also publishes port ${PORT} on 127\\.0\\.0\\.1:${hostPort}`),
			);
		} else {
			assert.equal(target?.target, '127.0.0.1');
			assert.equal(target?.ports, String(hostPort));
			assert.match(target?.message?.text ?? '', /is not routed here: scanning 127\.0\.0\.1:/);
		}
	});

// Container names end to end on real namespaces: a peer in an `ip netns add` namespace placed
// in a Docker-shaped cgroup (made under the cgroup mount), another in a Podman-shaped one, and
// the runtimes' state files written into a temp directory (the roots are injected: no real
// Docker or Podman here). The procfs source on the real /proc must label their sockets
// `docker:nf-web` / `podman:nf-db`, carry the ids, and `container:` must find them either way.
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {parseFilter} from '../../source/filter/filter.js';
import {createContainerNames} from '../../source/sources/procfs/container-names.js';
import {nodeContainerNamesFs} from '../../source/sources/procfs/container-names-fs.js';
import {createProcfsSource} from '../../source/sources/procfs/procfs-source.js';
import {NODE, NOT_LINUX, REPO_ROOT} from './helpers/paths.js';
import {Child, run, uniqueToken} from './helpers/process.js';
import {STARTUP_MS, waitFor} from './helpers/wait.js';

const PEER = fileURLToPath(new URL('../fixtures/e2e/netns-peer.mjs', import.meta.url));
const TOKEN = uniqueToken('nf-cn-');
const DOCKER_ID = `${TOKEN.replace(/[^0-9a-f]/g, '')
	.padEnd(12, 'a')
	.slice(0, 12)}${'d'.repeat(52)}`;
const PODMAN_ID = `${'e'.repeat(12)}${TOKEN.replace(/[^0-9a-f]/g, '')
	.padEnd(52, 'b')
	.slice(0, 52)}`;
const PORT = 41230;

let skip: string | false = NOT_LINUX
	? 'Linux only'
	: process.getuid?.() !== 0
		? 'namespaces and cgroups need root'
		: false;
const children: Child[] = [];
const made: string[] = [];
const cgroups: string[] = [];
let state = '';
const peers: Child[] = [];

function cgroupMount(): string | null {
	const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
	const v2 = mounts.find((line) => / - cgroup2 /.test(line));
	return v2 ? v2.split(' ')[4]! : null;
}

before(async () => {
	if (skip) return;
	const mount = cgroupMount();
	if (!mount) {
		skip = 'no cgroup v2 mount';
		return;
	}
	state = mkdtempSync(join(tmpdir(), 'nf-cn-state-'));
	mkdirSync(join(state, 'docker', 'containers', DOCKER_ID), {recursive: true});
	writeFileSync(
		join(state, 'docker', 'containers', DOCKER_ID, 'config.v2.json'),
		JSON.stringify({ID: DOCKER_ID, Name: '/nf-web'}),
	);
	mkdirSync(join(state, 'storage', 'overlay-containers'), {recursive: true});
	writeFileSync(
		join(state, 'storage', 'overlay-containers', 'containers.json'),
		JSON.stringify([{id: PODMAN_ID, names: ['nf-db']}]),
	);
	for (const [suffix, path] of [
		['d', `${TOKEN}.slice/docker-${DOCKER_ID}.scope`],
		['p', `${TOKEN}.slice/libpod-${PODMAN_ID}.scope`],
	] as const) {
		const ns = `${TOKEN}-${suffix}`;
		const added = await run('ip', ['netns', 'add', ns], {timeoutMs: 10_000});
		if (added.code !== 0) {
			skip = `ip netns add is not permitted here (${added.stderr.trim()})`;
			return;
		}
		made.push(ns);
		await run('ip', ['-n', ns, 'link', 'set', 'lo', 'up'], {timeoutMs: 10_000});
		const peer = new Child('ip', ['netns', 'exec', ns, NODE, PEER, String(PORT)], {cwd: REPO_ROOT});
		children.push(peer);
		await waitFor(`the peer in ${ns}`, () => peer.lines().includes('ready'), {
			timeoutMs: STARTUP_MS,
			describe: () => peer.stderr,
		});
		const dir = join(mount, path);
		mkdirSync(dir, {recursive: true});
		cgroups.push(dir);
		writeFileSync(join(dir, 'cgroup.procs'), String(peer.pid));
		peers.push(peer);
	}
	cgroups.push(join(mount, `${TOKEN}.slice`));
});

after(async () => {
	for (const child of children) await child.stop('SIGKILL');
	for (const ns of made) await run('ip', ['netns', 'delete', ns], {timeoutMs: 10_000});
	for (const dir of cgroups)
		try {
			rmdirSync(dir);
		} catch {}
	if (state) rmSync(state, {recursive: true, force: true});
});

test('as root: Docker and Podman names from their state files label the containers sockets', async (t) => {
	if (skip) return t.skip(skip);
	const source = createProcfsSource({
		containerNames: createContainerNames({
			fs: nodeContainerNamesFs,
			dockerRoot: join(state, 'docker'),
			podmanRoots: [join(state, 'storage')],
			podsDir: join(state, 'pods'),
		}),
	});
	const {records} = await source.read(AbortSignal.timeout(60_000));
	const [web, db] = peers.map((peer) => records.filter((record) => record.pid === peer.pid));
	assert.equal(web!.length, 4, 'listener, both ends of the pair, UDP');
	for (const record of web!) {
		assert.equal(record.container, 'docker:nf-web');
		assert.equal(record.containerId, `docker:${DOCKER_ID.slice(0, 12)}`);
	}
	for (const record of db!) {
		assert.equal(record.container, 'podman:nf-db');
		assert.equal(record.containerId, `podman:${PODMAN_ID.slice(0, 12)}`);
	}
	for (const [expression, expected] of [
		['container:nf-web', web!.length],
		[`container:${DOCKER_ID.slice(0, 8)}`, web!.length],
		['container:podman:nf-db', db!.length],
	] as const) {
		const parsed = parseFilter(expression);
		assert.ok(parsed.ok);
		assert.equal(records.filter(parsed.predicate).length, expected, expression);
	}
});

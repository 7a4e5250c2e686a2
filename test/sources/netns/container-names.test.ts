// Runtime names for container labels from the runtimes' state files, written here into a temp
// directory in the runtimes' shapes: Docker's config.v2.json, containers/storage's
// containers.json (rootful and rootless), kubelet's pod log directories. Cached per label;
// an unreadable store is a miss, looked up again only after forgetMisses.
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, test} from 'node:test';
import {parseFilter} from '../../../source/filter/filter.js';
import {
	type ContainerNamesFs,
	createContainerNames,
	dockerName,
	podmanNames,
	podName,
} from '../../../source/sources/procfs/container-names.js';
import {nodeContainerNamesFs, podmanStores} from '../../../source/sources/procfs/container-names-fs.js';
import {rec} from '../../helpers/records.js';

const DOCKER_ID = '3f2a9c1be4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f';
const PODMAN_ID = 'c0ffee0123456789abcdef0123456789abcdef0123456789abcdef0123456789';
const ROOTLESS_ID = 'beef000123456789abcdef0123456789abcdef0123456789abcdef0123456789';
const POD_UID = '8f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const dir = mkdtempSync(join(tmpdir(), 'nf-names-'));
after(() => rmSync(dir, {recursive: true, force: true}));

function layout() {
	const docker = join(dir, 'docker');
	mkdirSync(join(docker, 'containers', DOCKER_ID), {recursive: true});
	// Trimmed from a real config.v2.json: the keys around Name kept.
	writeFileSync(
		join(docker, 'containers', DOCKER_ID, 'config.v2.json'),
		JSON.stringify({
			ID: DOCKER_ID,
			Name: '/web',
			State: {Running: true, Pid: 1234},
			Config: {Image: 'nginx'},
		}),
	);
	const rootful = join(dir, 'storage');
	const rootless = join(dir, 'home', '.local', 'share', 'containers', 'storage');
	for (const [store, id, name] of [
		[rootful, PODMAN_ID, 'db'],
		[rootless, ROOTLESS_ID, 'cache'],
	] as const) {
		mkdirSync(join(store, 'overlay-containers'), {recursive: true});
		writeFileSync(
			join(store, 'overlay-containers', 'containers.json'),
			JSON.stringify([
				{id, names: [name], image: 'x', layer: 'y', metadata: '{}', created: '2026-11-30T10:00:00Z'},
			]),
		);
	}
	const pods = join(dir, 'pods');
	mkdirSync(join(pods, `shop_checkout-7d9f_${POD_UID}`), {recursive: true});
	return {docker, rootful, rootless, pods};
}

test('pure readers: Docker Name without its slash, Podman first names, kubelet pod directories', () => {
	assert.equal(dockerName('{"Name":"/web"}'), 'web');
	assert.equal(dockerName('{"Name":""}'), null);
	assert.equal(dockerName('not json'), null);
	assert.deepEqual([...podmanNames('[{"id":"a","names":["x","y"]},{"id":"b"}]')], [['a', 'x']]);
	assert.deepEqual([...podmanNames('{}')], []);
	assert.equal(podName(`kube-system_coredns-5d78_${POD_UID}`, POD_UID), 'kube-system/coredns-5d78');
	assert.equal(podName(`a_b_${POD_UID}`, '00000000-0000-0000-0000-000000000000'), null);
});

test('docker, podman (rootful and rootless) and k8s labels get names; unknown ids keep the id', () => {
	const {docker, rootful, pods} = layout();
	const names = createContainerNames({
		fs: nodeContainerNamesFs,
		dockerRoot: docker,
		podmanRoots: podmanStores({HOME: join(dir, 'home')}).map((store) =>
			store === '/var/lib/containers/storage' ? rootful : store,
		),
		podsDir: pods,
	});
	assert.deepEqual(names.named(`docker:${DOCKER_ID.slice(0, 12)}`), {
		label: 'docker:web',
		id: `docker:${DOCKER_ID.slice(0, 12)}`,
	});
	assert.equal(names.named(`podman:${PODMAN_ID.slice(0, 12)}`).label, 'podman:db');
	assert.equal(names.named(`podman:${ROOTLESS_ID.slice(0, 12)}`).label, 'podman:cache');
	assert.equal(names.named(`k8s:${POD_UID}`).label, 'k8s:shop/checkout-7d9f');
	assert.deepEqual(names.named('docker:000000000000'), {label: 'docker:000000000000', id: null});
	assert.deepEqual(names.named('systemd:x.service'), {label: 'systemd:x.service', id: null});
});

test('cached per label; a miss is looked up again only after forgetMisses', () => {
	const {docker} = layout();
	const calls: string[] = [];
	const fs: ContainerNamesFs = {
		readdirSync: (path) => {
			calls.push(path);
			return nodeContainerNamesFs.readdirSync(path);
		},
		readFileSync: nodeContainerNamesFs.readFileSync,
		mtimeMs: nodeContainerNamesFs.mtimeMs,
	};
	const names = createContainerNames({fs, dockerRoot: docker, podmanRoots: [], podsDir: join(dir, 'none')});
	const label = `docker:${DOCKER_ID.slice(0, 12)}`;
	names.named(label);
	names.named(label);
	assert.equal(calls.length, 1, 'a hit is kept');
	names.named('docker:aaaaaaaaaaaa');
	names.named('docker:aaaaaaaaaaaa');
	assert.equal(calls.length, 2, 'a miss is kept too');
	names.forgetMisses();
	names.named('docker:aaaaaaaaaaaa');
	names.named(label);
	assert.equal(calls.length, 3, 'only the miss is looked up again');
});

test('an unreadable store is a miss, not an error', () => {
	const names = createContainerNames({
		fs: nodeContainerNamesFs,
		dockerRoot: join(dir, 'absent'),
		podmanRoots: [join(dir, 'absent')],
		podsDir: join(dir, 'absent'),
	});
	assert.equal(names.named(`docker:${DOCKER_ID.slice(0, 12)}`).label, `docker:${DOCKER_ID.slice(0, 12)}`);
	assert.equal(names.named(`k8s:${POD_UID}`).id, null);
});

test('the container: filter matches the name shown or the id it stands for', () => {
	const record = {
		...rec({localPort: 80, pid: 2}),
		netns: 1,
		container: 'docker:web',
		containerId: 'docker:3f2a9c1be4d5',
	};
	for (const expression of [
		'container:web',
		'container:3f2a9c',
		'container:docker:3f2a',
		'container:docker:web',
	]) {
		const parsed = parseFilter(expression);
		assert.ok(parsed.ok && parsed.predicate(record), expression);
	}
	const other = parseFilter('container:db');
	assert.ok(other.ok && !other.predicate(record));
});

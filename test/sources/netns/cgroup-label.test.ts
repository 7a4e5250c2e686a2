import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {labelOfCgroupPath, labelOfCgroups} from '../../../source/sources/procfs/cgroup-label.js';

// Real /proc/<pid>/cgroup texts, one per runtime shape (see make-fixtures.sh for how they were made).
const SHAPES = readFileSync(
	new URL('../../fixtures/procfs/cgroup/cgroup-shapes.txt', import.meta.url),
	'utf8',
)
	.split(/^### /m)
	.slice(1)
	.map((section) => {
		const [head, ...lines] = section.split('\n');
		const [name, expected] = head!.split(' ');
		return {name: name!, expected: expected === 'null' ? null : expected!, text: lines.join('\n')};
	});

test('every runtime shape of the fixture gets its label (cgroup v1 and v2, systemd and cgroupfs drivers)', () => {
	assert.equal(SHAPES.length, 12);
	for (const {name, expected, text} of SHAPES) assert.equal(labelOfCgroups(text), expected, name);
});

test('a container label on any hierarchy wins over a unit on another (a process moved in one only)', () => {
	const text = [
		'9:name=systemd:/system.slice/containerd.service',
		`8:pids:/docker/${'ab'.repeat(32)}`,
		'0::/system.slice/containerd.service',
	].join('\n');
	assert.equal(labelOfCgroups(text), `docker:${'ab'.repeat(6)}`);
});

test('paths that only look alike get no container label', () => {
	assert.equal(labelOfCgroupPath('/docker/notanid'), null);
	assert.equal(labelOfCgroupPath(`/system.slice/docker-${'a'.repeat(63)}.scope`), null);
	assert.equal(labelOfCgroupPath('/kubepods/burstable/podnot-a-uid/x'), null);
	assert.equal(labelOfCgroupPath('/system.slice/docker.service'), 'systemd:docker.service');
	assert.equal(labelOfCgroups(''), null);
	assert.equal(labelOfCgroups('garbage without colons'), null);
});

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseFilter} from '../../source/filter/filter.js';
import {rec} from '../helpers/records.js';

const host = rec({localPort: 22, pid: 1, process: 'sshd'});
const docker = {
	...rec({localPort: 80, pid: 2, process: 'nginx'}),
	netns: 4026532176,
	container: 'docker:3f2a9c1be4d5',
};
const named = {
	...rec({localPort: 80, pid: 3, process: 'python3'}),
	netns: 4026532201,
	container: 'netns:sns-web',
};
const all = [host, docker, named];
const matching = (expression: string) => {
	const parsed = parseFilter(expression);
	assert.ok(parsed.ok, expression);
	return all.filter(parsed.predicate).map((record) => record.pid);
};

test('ns:host is this namespace; ns:ID and ns:NAME pick a namespace, by substring', () => {
	assert.deepEqual(matching('ns:host'), [1]);
	assert.deepEqual(matching('!ns:host'), [2, 3]);
	assert.deepEqual(matching('ns:4026532176'), [2]);
	assert.deepEqual(matching('ns:2201'), [3]);
	assert.deepEqual(matching('ns:SNS-WEB'), [3]);
	assert.deepEqual(matching('ns:3f2a'), [], 'a container id is not a namespace name');
});

test('container: is a substring of the label, case-folded; records without one never match', () => {
	assert.deepEqual(matching('container:docker'), [2]);
	assert.deepEqual(matching('container:3F2A'), [2]);
	assert.deepEqual(matching('container:netns:sns'), [3]);
	assert.deepEqual(matching('!container:docker'), [1, 3]);
	const empty = parseFilter('container:');
	assert.equal(empty.ok, false);
});

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {makeRecord, type SocketOwner, type SocketRecord} from '../../../source/model/socket-record.js';
import {ownersStand} from '../../../source/sources/procfs/owners-stand.js';

const server: readonly SocketOwner[] = [{pid: 10, process: 'server'}];
const record = (inode: number | null, owners: readonly SocketOwner[], container: string | null = null) =>
	makeRecord({
		proto: 'tcp',
		family: 4,
		localAddress: '127.0.0.1',
		localPort: 80,
		remoteAddress: null,
		remotePort: null,
		state: 'LISTEN',
		owners,
		inode,
		container,
	});
const nowhere = () => ({netns: null, container: null});

test('owners equal in content (another array) and no inode without owners: they stand', () => {
	const records: SocketRecord[] = [record(1, server), record(2, []), record(null, [])];
	const found = new Map([[1, [{pid: 10, process: 'server'}]]]);
	assert.equal(ownersStand(records, found, nowhere), true);
});

test('another pid, another name, an owner more or fewer, or a new container label: they do not', () => {
	const records = [record(1, server)];
	assert.equal(ownersStand(records, new Map([[1, [{pid: 11, process: 'server'}]]]), nowhere), false);
	assert.equal(ownersStand(records, new Map([[1, [{pid: 10, process: 'renamed'}]]]), nowhere), false);
	assert.equal(ownersStand(records, new Map([[1, [...server, {pid: 11, process: 'x'}]]]), nowhere), false);
	assert.equal(ownersStand(records, new Map(), nowhere), false);
	assert.equal(ownersStand([record(2, [])], new Map([[2, server]]), nowhere), false);
	const labelled = () => ({netns: null, container: 'docker:web', containerId: 'docker:3f2a'});
	assert.equal(ownersStand(records, new Map([[1, server]]), labelled), false);
});

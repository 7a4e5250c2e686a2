// ReadHints.ownersLater on the procfs source: the tables without the /proc/<pid>/fd walk
// (the dashboard's first frame, issue 14), then a full read as before.
import assert from 'node:assert/strict';
import {after, test} from 'node:test';
import {createProcfsSource} from '../../../source/sources/procfs/procfs-source.js';
import {countingFs, createFakeProc, type FakeProc, netText} from './fake-proc.js';

const fakes: FakeProc[] = [];
after(() => Promise.all(fakes.map((fake) => fake.remove())));
const signal = () => new AbortController().signal;

test('ownersLater: records without owners and marked pending, no fd walk; the next read walks and fills them', async () => {
	const fake = await createFakeProc([{pid: 10, comm: 'server', fds: {3: 'socket:[9001]'}}]);
	fakes.push(fake);
	await fake.writeNet(
		'tcp',
		netText([
			{port: 80, inode: 9001, uid: 0},
			{port: 81, inode: 9003, uid: 0},
		]),
	);
	await fake.writeNet('udp', netText([]));
	const fs = countingFs();
	const source = createProcfsSource({root: fake.root, fs, euid: 0});
	const tables = await source.read(signal(), {ownersLater: true});
	assert.equal(tables.ownersPending, true);
	assert.deepEqual(
		tables.records.map((r) => [r.localPort, r.inode, r.pid, r.owners.length]),
		[
			[80, 9001, null, 0],
			[81, 9003, null, 0],
		],
	);
	assert.equal(tables.unattributed, 0, 'not looked up is not unattributed');
	assert.equal(fs.calls.readlink, 0, 'no /proc/<pid>/fd link read');
	assert.equal(fs.calls.readdir, 0, 'no /proc listed');

	const full = await source.read(signal());
	assert.equal(full.ownersPending, undefined);
	assert.deepEqual(
		full.records.map((r) => [r.localPort, r.pid, r.process]),
		[
			[80, 10, 'server'],
			[81, null, null],
		],
	);
	assert.equal(full.unattributed, 1);
	assert.ok(fs.calls.readlink > 0, 'the full read walks');
	// The tables-only read left no "unchanged" shortcut behind: the full read above was a real one.
	assert.notEqual(full, tables);
});

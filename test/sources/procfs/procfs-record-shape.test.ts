// The procfs source makes its records in one object (procfs-source.ts toRecord) instead of
// through makeRecord: they must be makeRecord's, key for key and in the same order (JSON
// output and hidden classes follow the order), for held, unowned and TIME_WAIT sockets.
import assert from 'node:assert/strict';
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {after, test} from 'node:test';
import {makeRecord} from '../../../source/model/socket-record.js';
import {createProcfsSource} from '../../../source/sources/procfs/procfs-source.js';
import {createFakeProc, type FakeProc, netText} from './fake-proc.js';

const fakes: FakeProc[] = [];
after(() => Promise.all(fakes.map((fake) => fake.remove())));

test("the procfs source's records are makeRecord's, key for key and in order", async () => {
	const fake = await createFakeProc([
		{pid: 10, comm: 'server', fds: {3: 'socket:[9001]', 4: 'socket:[9003]'}},
		{pid: 11, comm: 'worker', fds: {5: 'socket:[9003]'}},
	]);
	fakes.push(fake);
	await fake.writeNet(
		'tcp',
		netText([
			{port: 80, inode: 9001, uid: 1000},
			{port: 81, inode: 9002, uid: 1000}, // no process holds it (another PID namespace, say)
			{port: 82, inode: 0, uid: 0, state: '06'}, // TIME_WAIT
			{port: 83, inode: 9003, uid: 1000}, // shared by two processes
		]),
	);
	await fake.writeNet('udp', netText([]));
	const passwdPath = join(fake.root, 'passwd');
	await writeFile(passwdPath, 'alice:x:1000:1000::/home/alice:/bin/sh\n');
	const source = createProcfsSource({root: fake.root, passwdPath, euid: 0, netnsFs: null});
	const {records} = await source.read(new AbortController().signal);
	assert.equal(records.length, 4);
	const byPort = new Map(records.map((record) => [record.localPort, record]));
	const server = {pid: 10, process: 'server'};
	const endpoints = (port: number) => ({
		proto: 'tcp' as const,
		family: 4 as const,
		localAddress: '127.0.0.1',
		localPort: port,
		remoteAddress: null,
		remotePort: null,
	});
	const expected = [
		makeRecord({...endpoints(80), state: 'LISTEN', owners: [server], uid: 1000, user: 'alice', inode: 9001}),
		makeRecord({...endpoints(81), state: 'LISTEN', owners: [], uid: 1000, user: 'alice', inode: 9002}),
		makeRecord({...endpoints(82), state: 'TIME_WAIT', owners: [], uid: null, user: null, inode: null}),
		makeRecord({
			...endpoints(83),
			state: 'LISTEN',
			owners: [server, {pid: 11, process: 'worker'}],
			uid: 1000,
			user: 'alice',
			inode: 9003,
		}),
	];
	for (const want of expected) {
		const got = byPort.get(want.localPort)!;
		assert.deepStrictEqual(got, want, `port ${want.localPort}`);
		assert.deepEqual(Object.keys(got), Object.keys(want), `port ${want.localPort}: key order`);
	}
});

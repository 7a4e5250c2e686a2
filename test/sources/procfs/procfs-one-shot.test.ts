// `--once` reads with `oneShot`: nothing is kept for a next read (docs/cold-read.md: at
// 20,000 sockets the tables' text and the read buffer were ≈3 MB each, alive through the
// formatting of the table, where the peak of memory is).
import assert from 'node:assert/strict';
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {after, test} from 'node:test';
import {readBufferSize} from '../../../source/sources/procfs/proc-fs.js';
import {createProcfsSource} from '../../../source/sources/procfs/procfs-source.js';
import {createFakeProc, type FakeProc, netText} from './fake-proc.js';

const fakes: FakeProc[] = [];
after(() => Promise.all(fakes.map((fake) => fake.remove())));
const signal = () => new AbortController().signal;

async function machine() {
	const fake = await createFakeProc([{pid: 10, comm: 'server', fds: {3: 'socket:[9001]'}}]);
	fakes.push(fake);
	await fake.writeNet('tcp', netText([{port: 80, inode: 9001, uid: 1000}]));
	await fake.writeNet('udp', netText([]));
	const passwdPath = join(fake.root, 'passwd');
	await writeFile(passwdPath, 'alice:x:1000:1000::/home/alice:/bin/sh\n');
	return {root: fake.root, passwdPath, euid: 0, netnsFs: null, rewalkMs: 60_000};
}

test('a one-shot read keeps no text for spotting an unchanged next read (a plain source does)', async () => {
	const options = await machine();
	const plain = createProcfsSource(options);
	const first = await plain.read(signal());
	assert.equal(await plain.read(signal()), first, 'unchanged tables: the same result again');

	const oneShot = createProcfsSource({...options, oneShot: true});
	const once = await oneShot.read(signal());
	assert.deepEqual(
		once.records.map((r) => [r.localPort, r.process]),
		[[80, 'server']],
	);
	const again = await oneShot.read(signal());
	assert.notEqual(again, once, 'read again in full: nothing was kept from the first read');
	assert.deepEqual(again.records, once.records);
});

test('a one-shot read lets the read buffer go once every table is read', async () => {
	const options = await machine();
	await createProcfsSource(options).read(signal());
	assert.ok(readBufferSize() > 0, 'a polling source keeps its buffer for the next read');
	await createProcfsSource({...options, oneShot: true}).read(signal());
	assert.equal(readBufferSize(), 0);
});

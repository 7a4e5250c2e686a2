// selectSource's netstat source loads its module at the first read (first-frame bundle): it
// must read as createNetstatSource does, on the real netstat of this machine.
import assert from 'node:assert/strict';
import {once} from 'node:events';
import {createServer} from 'node:net';
import {test} from 'node:test';
import {selectSource} from '../../source/sources/select-source.js';
import {SourceError} from '../../source/sources/source.js';

test('the netstat source chosen by selectSource reads our own listener (its module loaded at the read)', {
	skip: process.platform !== 'linux',
}, async (t) => {
	const server = createServer();
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	t.after(() => server.close());
	const address = server.address();
	assert.ok(address !== null && typeof address === 'object');
	const source = selectSource('netstat', 'linux');
	assert.equal(source.name, 'netstat');
	let result: Awaited<ReturnType<typeof source.read>>;
	try {
		result = await source.read(AbortSignal.timeout(30_000));
	} catch (error) {
		if (error instanceof SourceError && error.code === 'ENOENT') {
			t.skip('net-tools netstat is not installed');
			return;
		}
		throw error;
	}
	const mine = result.records.filter(
		(record) => record.localPort === address.port && record.state === 'LISTEN',
	);
	assert.deepEqual(
		mine.map((record) => [record.proto, record.localAddress, record.pid]),
		[['tcp', '127.0.0.1', process.pid]],
	);
	// A second read goes to the same source (the module is loaded once).
	const again = await source.read(AbortSignal.timeout(30_000));
	assert.ok(again.records.some((record) => record.localPort === address.port));
});

test('auto on Linux is procfs, elsewhere netstat', () => {
	assert.equal(selectSource('auto', 'linux').name, 'procfs');
	assert.equal(selectSource('auto', 'darwin').name, 'netstat');
});

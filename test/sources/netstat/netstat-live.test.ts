// The real netstat on this machine: a listener this test opens must show up with our pid.
import assert from 'node:assert/strict';
import {once} from 'node:events';
import {createServer} from 'node:net';
import {test} from 'node:test';
import {createNetstatSource} from '../../../source/sources/netstat/netstat-source.js';
import {SourceError} from '../../../source/sources/source.js';

test('netstat source finds our own listener on 127.0.0.1 with our pid', {
	skip: process.platform !== 'linux',
}, async (t) => {
	const server = createServer();
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	t.after(() => server.close());
	const address = server.address();
	assert.ok(address !== null && typeof address === 'object');

	let result: Awaited<ReturnType<ReturnType<typeof createNetstatSource>['read']>>;
	try {
		result = await createNetstatSource({platform: 'linux'}).read(AbortSignal.timeout(30_000));
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
	assert.equal(mine.length, 1);
	const [record] = mine;
	assert.deepEqual(
		[record?.proto, record?.family, record?.localAddress, record?.remoteAddress, record?.pid],
		['tcp', 4, '127.0.0.1', null, process.pid],
	);
	assert.equal(record?.uid, process.getuid?.());
	assert.ok((record?.inode ?? 0) > 0);
});

// Reads the real /proc of this machine with sockets opened by this test process.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import {once} from 'node:events';
import {readFileSync} from 'node:fs';
import net from 'node:net';
import {after, before, test} from 'node:test';
import type {SocketRecord} from '../../../source/model/socket-record.js';
import {createProcfsSource} from '../../../source/sources/procfs/procfs-source.js';

const linux = process.platform === 'linux';
const comm = linux ? readFileSync('/proc/self/comm', 'utf8').trim() : '';
const opened: {close(): void}[] = [];
let server: net.Server;
let client: net.Socket;
let udpA: dgram.Socket;
let udpB: dgram.Socket;

before(async () => {
	if (!linux) return;
	server = net.createServer();
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const accepted = once(server, 'connection');
	client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
	await once(client, 'connect');
	const [serverSide] = (await accepted) as [net.Socket];
	udpA = dgram.createSocket('udp4');
	udpB = dgram.createSocket('udp4');
	udpA.bind(0, '127.0.0.1');
	udpB.bind(0, '127.0.0.1');
	await Promise.all([once(udpA, 'listening'), once(udpB, 'listening')]);
	udpA.connect(udpB.address().port, '127.0.0.1');
	udpB.connect(udpA.address().port, '127.0.0.1');
	await Promise.all([once(udpA, 'connect'), once(udpB, 'connect')]);
	opened.push(server, {close: () => client.destroy()}, {close: () => serverSide.destroy()}, udpA, udpB);
});
after(() => {
	for (const socket of opened) socket.close();
});

test('real /proc: this process owns its listener, both ends of the pair and the UDP sockets', {
	skip: !linux,
}, async () => {
	const result = await createProcfsSource().read(new AbortController().signal);
	const mine = (r: SocketRecord) => r.owners.some((owner) => owner.pid === process.pid);
	const find = (proto: string, localPort: number, state: string) =>
		result.records.filter(
			(r) => r.proto === proto && r.localPort === localPort && r.state === state && mine(r),
		);

	const port = (server.address() as net.AddressInfo).port;
	const [listener] = find('tcp', port, 'LISTEN');
	assert.ok(listener, 'listener found');
	assert.equal(listener.pid, process.pid);
	assert.equal(listener.process, comm);
	assert.equal(comm, 'node');
	assert.equal(listener.localAddress, '127.0.0.1');
	assert.equal(listener.remoteAddress, null);
	assert.equal(listener.family, 4);
	assert.equal(listener.uid, process.getuid?.());

	const [clientEnd] = find('tcp', client.localPort!, 'ESTABLISHED');
	assert.equal(clientEnd?.remotePort, port);
	// Ours (the source reads every namespace: another may hold a pair with the same port numbers).
	const [serverEnd] = result.records.filter(
		(r) => r.localPort === port && r.remotePort === client.localPort && mine(r),
	);
	assert.equal(serverEnd?.state, 'ESTABLISHED');
	assert.equal(serverEnd?.pid, process.pid);

	for (const [a, b] of [
		[udpA, udpB],
		[udpB, udpA],
	] as const) {
		const [udp] = find('udp', a.address().port, 'ESTABLISHED');
		assert.equal(udp?.remoteAddress, '127.0.0.1');
		assert.equal(udp?.remotePort, b.address().port);
		assert.equal(udp?.process, 'node');
	}
});

test('real /proc: a second read finds the same owners from the cache', {skip: !linux}, async () => {
	const source = createProcfsSource();
	const first = await source.read(new AbortController().signal);
	const second = await source.read(new AbortController().signal);
	const port = (server.address() as net.AddressInfo).port;
	const pick = (records: readonly SocketRecord[]) =>
		// This namespace's: another namespace may have a listener on the same port number.
		records.find((r) => r.localPort === port && r.state === 'LISTEN' && r.netns === null);
	assert.deepEqual(pick(second.records), pick(first.records));
	assert.equal(pick(second.records)?.pid, process.pid);
});

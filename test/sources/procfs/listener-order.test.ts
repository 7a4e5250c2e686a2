// The kernel fact listener-table.ts relies on, checked on the running kernel: /proc/net/tcp{,6}
// print every listener before any other socket, including a listener opened after the
// connections (so the order is the hash walk's, not the sockets' age).
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {connect, createServer, type Server, type Socket} from 'node:net';
import {after, test} from 'node:test';

const NOT_LINUX = process.platform !== 'linux' && 'reads /proc/net/tcp';
const servers: Server[] = [];
const sockets: Socket[] = [];
after(() => {
	for (const socket of sockets) socket.destroy();
	for (const server of servers) server.close();
});

const listen = (host: string) =>
	new Promise<Server>((resolve, reject) => {
		const server = createServer((socket) => sockets.push(socket));
		servers.push(server);
		server.once('error', reject);
		server.listen(0, host, () => resolve(server));
	});
const portOf = (server: Server) => (server.address() as {port: number}).port;

test('every LISTEN line comes before the first other line, in tcp and tcp6', {skip: NOT_LINUX}, async () => {
	for (const host of ['127.0.0.1', '::1']) {
		const first = await listen(host);
		await new Promise<void>((resolve, reject) => {
			const client = connect({host, port: portOf(first)}, () => resolve());
			client.once('error', reject);
			sockets.push(client);
		});
		await listen(host); // opened after the connection
	}
	for (const file of ['tcp', 'tcp6']) {
		const states = readFileSync(`/proc/net/${file}`, 'latin1')
			.split('\n')
			.slice(1)
			.map((line) => /^\s*\d+:\s+\S+\s+\S+\s+([0-9A-F]{2})\s/.exec(line)?.[1])
			.filter((state) => state !== undefined);
		const firstOther = states.findIndex((state) => state !== '0A');
		assert.ok(firstOther > 0, `${file}: listeners and connections both present`);
		assert.equal(states.slice(firstOther).includes('0A'), false, `${file}: ${states.join(' ')}`);
	}
});

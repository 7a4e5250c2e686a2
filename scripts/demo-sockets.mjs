#!/usr/bin/env node
// Opens a small, realistic set of loopback sockets in named processes, for the README
// screenshot (scripts/screenshot.sh). Loopback only; exits after 120 s or on stdin close.
import {spawn} from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';

const role = process.argv[2];
if (role) {
	process.title = role;
	const port = Number(process.argv[3]);
	const servers = [];
	if (role === 'udp-beacon') {
		const socket = dgram.createSocket('udp4');
		socket.bind(port, '127.0.0.1');
	} else {
		const host = role === 'api-gateway' ? '0.0.0.0' : '127.0.0.1';
		const server = net.createServer((socket) => socket.on('error', () => {}));
		server.listen(port, host);
		servers.push(server);
		if (role === 'api-gateway') {
			const v6 = net.createServer(() => {});
			v6.listen(port + 1, '::1');
			servers.push(v6);
		}
	}
	// Clients: the gateway talks to the database and cache.
	const targets = {'api-gateway': [5433, 6380, 6380], 'worker pool': [5433, 8080]}[role] ?? [];
	setTimeout(() => {
		for (const target of targets) net.connect(target, '127.0.0.1').on('error', () => {});
	}, 1500);
	setTimeout(() => process.exit(0), 120_000);
	process.stdin.on('end', () => process.exit(0));
	process.stdin.resume();
} else {
	const children = [
		['postgres-demo', 5433],
		['redis-demo', 6380],
		['api-gateway', 8080],
		['worker pool', 9100],
		['udp-beacon', 5354],
	].map(([name, port]) =>
		spawn(process.execPath, [process.argv[1], name, String(port)], {stdio: ['pipe', 'inherit', 'inherit']}),
	);
	const stop = () => {
		for (const child of children) child.kill();
		process.exit(0);
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
	setTimeout(stop, 120_000);
}

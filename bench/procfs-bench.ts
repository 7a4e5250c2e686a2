// Opens N loopback TCP connections in this process, then times the procfs
// source: the first read (walks every /proc/<pid>/fd), steady-state reads
// (owners from the cache), a read after one new connection (walks again),
// and the longest the event loop went without a turn during each.
// Run: node --import tsx bench/procfs-bench.ts [connections=2000]
import {once} from 'node:events';
import net from 'node:net';
import {performance} from 'node:perf_hooks';
import {createProcfsSource} from '../source/sources/procfs/procfs-source.js';

/** Longest gap between 1 ms timer ticks while `fn` runs: how long a UI sharing the loop would freeze. */
async function withStall<T>(fn: () => Promise<T>): Promise<{value: T; ms: number; stall: number}> {
	let last = performance.now();
	let stall = 0;
	const timer = setInterval(() => {
		const now = performance.now();
		stall = Math.max(stall, now - last);
		last = now;
	}, 1);
	const start = performance.now();
	const value = await fn();
	const ms = performance.now() - start;
	await new Promise((resolve) => setTimeout(resolve, 2)); // let a pending tick record the last gap
	clearInterval(timer);
	return {value, ms, stall};
}

export async function benchProcfs(connections = 2000): Promise<void> {
	const server = net.createServer((socket) => socket.on('error', () => {}));
	server.listen(0, '127.0.0.1', 1024);
	await once(server, 'listening');
	let accepted = 0;
	server.on('connection', () => accepted++);
	const port = (server.address() as net.AddressInfo).port;
	const clients: net.Socket[] = [];
	const connect = () => {
		const socket = net.connect(port, '127.0.0.1');
		clients.push(socket);
		return once(socket, 'connect');
	};
	for (let i = 0; i < connections; i += 100) {
		await Promise.all(Array.from({length: Math.min(100, connections - i)}, connect));
	}
	while (accepted < clients.length) await new Promise((resolve) => setTimeout(resolve, 5));

	const source = createProcfsSource();
	const read = async (label: string) => {
		const {value, ms, stall} = await withStall(() => source.read(new AbortController().signal));
		console.log(
			`${label.padEnd(20)} ${ms.toFixed(1).padStart(7)} ms  ${String(value.records.length).padStart(6)} sockets  longest loop stall ${stall.toFixed(1)} ms`,
		);
	};
	console.log(
		`procfs source, ${connections} loopback connections (${connections * 2 + 1} sockets in this process)`,
	);
	await read('first read (walk)');
	for (let i = 1; i <= 3; i++) await read(`steady read ${i}`);
	await connect();
	while (accepted < clients.length) await new Promise((resolve) => setTimeout(resolve, 5));
	await read('1 new socket (walk)');
	await read('steady read 4');

	for (const socket of clients) socket.destroy();
	server.close();
}

if (import.meta.url === `file://${process.argv[1]}`) await benchProcfs(Number(process.argv[2] ?? 2000));

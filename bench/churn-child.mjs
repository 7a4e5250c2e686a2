// Child process for bench/load.ts: churns loopback TCP connections at a steady rate.
//   node bench/churn-child.mjs <connections per second> <seconds>
// Listens on 127.0.0.1 (kernel-chosen port) and, every 10 ms, opens its share of the rate
// to itself; each connection lives 0–200 ms, then most are reset (no TIME_WAIT, so the
// table does not grow without bound) and one in ten is closed normally (it leaves a
// TIME_WAIT socket, as real traffic does). Prints "port <p>" once listening, then
// "opened <n> failed <m>" every second; stops by itself after <seconds> (and when
// stdin closes or says "close"), then prints "done <opened> <seconds>".
import net from 'node:net';

const rate = Number(process.argv[2] ?? 600);
const seconds = Number(process.argv[3] ?? 30);
const TICK_MS = 10;
const MAX_OPEN = 2000; // never more in flight than this, whatever the machine's load

const say = (line) => process.stdout.write(`${line}\n`);
const live = new Set();
let opened = 0;
let failed = 0;
let stopping = false;
const started = Date.now();

const server = net.createServer((socket) => {
	socket.on('error', () => {});
	live.add(socket);
	socket.on('close', () => live.delete(socket));
});
server.on('error', (error) => {
	say(`error ${error.message}`);
	process.exit(1);
});

function stop() {
	if (stopping) return;
	stopping = true;
	clearInterval(ticker);
	clearInterval(reporter);
	for (const socket of live) socket.resetAndDestroy();
	server.close();
	say(`done ${opened} ${((Date.now() - started) / 1000).toFixed(1)}`);
	setTimeout(() => process.exit(0), 50);
}

function openOne(port) {
	const socket = net.connect({port, host: '127.0.0.1'});
	live.add(socket);
	socket.on('error', () => {
		failed++;
		live.delete(socket);
	});
	socket.on('close', () => live.delete(socket));
	socket.once('connect', () => {
		opened++;
		setTimeout(
			() => {
				if (opened % 10 === 0) socket.end();
				else socket.resetAndDestroy();
			},
			Math.floor(Math.random() * 200),
		);
	});
}

let ticker;
let reporter;
server.listen({port: 0, host: '127.0.0.1', backlog: 4096}, () => {
	const {port} = server.address();
	say(`port ${port}`);
	let attempts = 0;
	ticker = setInterval(() => {
		// Catch up on ticks the event loop missed, so the rate holds under load.
		const due = Math.floor((rate * (Date.now() - started)) / 1000) - attempts;
		for (let i = 0; i < due && live.size < MAX_OPEN; i++, attempts++) openOne(port);
	}, TICK_MS);
	reporter = setInterval(() => say(`opened ${opened} failed ${failed}`), 1000);
});

setTimeout(stop, seconds * 1000);
process.stdin.setEncoding('utf8');
process.stdin.on('data', (text) => {
	if (text.includes('close')) stop();
});
process.stdin.on('end', stop);
process.on('SIGTERM', stop);

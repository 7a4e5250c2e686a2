// Child process for bench/connections.ts: holds one side of N loopback TCP connections.
//   node bench/hold-child.mjs server <expected>      listen on 127.0.0.1 (kernel-chosen port)
//   node bench/hold-child.mjs client <port> <count>  open <count> connections to 127.0.0.1:<port>
// Speaks one line at a time on stdout: "port <p>" (server), "ready <n>", "error <message>".
// "close" on stdin (or stdin closing because the parent went away) resets every
// socket (RST, so no TIME_WAIT is left behind) and exits. A hard deadline bounds its life.
import net from 'node:net';

const LIFETIME_MS = 20 * 60 * 1000;
const BATCH = 256;

const [mode, ...args] = process.argv.slice(2);
const sockets = new Set();
let closing = false;
let server = null;

const say = (line) => process.stdout.write(`${line}\n`);

function shutdown(code) {
	if (closing) return;
	closing = true;
	for (const socket of sockets) {
		// SO_LINGER 0: the kernel sends RST and frees the socket at once (no TIME_WAIT).
		if (typeof socket.resetAndDestroy === 'function' && !socket.destroyed) socket.resetAndDestroy();
		else socket.destroy();
	}
	server?.close();
	// Give the RSTs a moment to leave, then go.
	setTimeout(() => process.exit(code), 50);
}

setTimeout(() => shutdown(3), LIFETIME_MS).unref();
process.stdin.setEncoding('utf8');
process.stdin.on('data', (text) => {
	if (text.includes('close')) shutdown(0);
});
process.stdin.on('end', () => shutdown(0));
process.stdin.on('error', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

if (mode === 'server') {
	const expected = Number(args[0]);
	let accepted = 0;
	server = net.createServer({pauseOnConnect: true}, (socket) => {
		sockets.add(socket);
		socket.on('error', () => {});
		socket.on('close', () => sockets.delete(socket));
		accepted++;
		if (accepted === expected) say(`ready ${accepted}`);
	});
	server.on('error', (error) => {
		say(`error ${error.message}`);
		shutdown(1);
	});
	server.listen({port: 0, host: '127.0.0.1', backlog: 4096}, () => say(`port ${server.address().port}`));
} else if (mode === 'client') {
	const port = Number(args[0]);
	const count = Number(args[1]);
	const connectOne = () =>
		new Promise((resolve, reject) => {
			const socket = net.connect({port, host: '127.0.0.1'});
			socket.pause();
			sockets.add(socket);
			socket.once('connect', resolve);
			socket.once('error', (error) => {
				sockets.delete(socket);
				reject(error);
			});
			socket.on('error', () => {});
		});
	try {
		for (let opened = 0; opened < count && !closing; opened += BATCH) {
			await Promise.all(Array.from({length: Math.min(BATCH, count - opened)}, connectOne));
		}
		say(`ready ${sockets.size}`);
	} catch (error) {
		say(`error ${error instanceof Error ? error.message : String(error)}`);
		shutdown(1);
	}
} else {
	say(`error unknown mode ${mode}`);
	process.exit(2);
}

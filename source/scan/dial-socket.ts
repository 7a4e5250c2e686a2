import {createRequire} from 'node:module';
import type {Socket as NetSocket} from 'node:net';
import type {Dial} from './dial.js';

// node:net is loaded at the first dial, not with this module: dial-raw.ts dials whenever
// Node offers its TCP handle, so a scan normally never loads node:net (≈9 ms of CPU at start:
// source/model/ip-literal.ts).
let SocketClass: typeof NetSocket | undefined;
function socketClass(): typeof NetSocket {
	SocketClass ??= (
		(process.getBuiltinModule?.('node:net') as typeof import('node:net') | undefined) ??
		(createRequire(import.meta.url)('node:net') as typeof import('node:net'))
	).Socket;
	return SocketClass;
}

/** Dial with net.Socket: the reference implementation, always available. */
export const dialSocket: Dial = (host, port, callback) => {
	const socket = new (socketClass())();
	let reported = false;
	socket.on('connect', () => {
		if (reported) return;
		reported = true;
		callback({connected: true, localAddress: socket.localAddress ?? '', localPort: socket.localPort ?? 0});
	});
	// Stays attached after the result so that a late error is swallowed, never thrown.
	socket.on('error', (error: NodeJS.ErrnoException) => {
		if (reported) return;
		reported = true;
		socket.destroy();
		callback({connected: false, code: error.code ?? 'EUNKNOWN'});
	});
	try {
		socket.connect({host, port});
	} catch (error) {
		reported = true;
		socket.destroy();
		const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
		queueMicrotask(() => callback({connected: false, code}));
	}
	return () => {
		reported = true;
		socket.destroy();
	};
};

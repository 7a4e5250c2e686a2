import {Socket} from 'node:net';
import type {Dial} from './dial.js';

/** Dial with net.Socket: the reference implementation, always available. */
export const dialSocket: Dial = (host, port, callback) => {
	const socket = new Socket();
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

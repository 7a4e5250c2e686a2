// `socktop wait --connect`: one TCP connection to the listener, closed as soon as it is
// established (the kernel completed the handshake: the listener accepts connections).
import {connect} from 'node:net';

/** null when a connection was established, else why not (an errno code or `timeout`). */
export function tryConnect(
	host: string,
	port: number,
	timeoutMs: number,
	signal: AbortSignal,
): Promise<string | null> {
	return new Promise((resolve) => {
		if (signal.aborted) return resolve('aborted');
		const socket = connect({host, port, noDelay: true});
		let done = false;
		const finish = (result: string | null) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			signal.removeEventListener('abort', onAbort);
			socket.destroy();
			resolve(result);
		};
		const onAbort = () => finish('aborted');
		const timer = setTimeout(() => finish('timeout'), timeoutMs);
		signal.addEventListener('abort', onAbort, {once: true});
		socket.once('connect', () => finish(null));
		socket.once('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
	});
}

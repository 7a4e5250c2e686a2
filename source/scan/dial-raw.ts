import {getSystemErrorName} from 'node:util';
import type {Dial} from './dial.js';

// Dial with the TCP handle that net.Socket itself wraps (`tcp_wrap`), skipping the
// stream, event and Error objects a Socket builds for every connect: a full-range
// loopback scan spends about a quarter of the user CPU it does with net.Socket.
// It is an internal API, so it is feature-checked on load and dial-socket.ts is used
// whenever anything about it looks different.

export interface TcpHandle {
	connect(req: ConnectReq, address: string, port: number): number;
	connect6(req: ConnectReq, address: string, port: number): number;
	getsockname(out: {address?: string; port?: number}): number;
	close(): void;
}
export interface ConnectReq {
	oncomplete: (status: number) => void;
	address: string;
	port: number;
}
export interface TcpWrap {
	TCP: new (type: number) => TcpHandle;
	TCPConnectWrap: new () => ConnectReq;
	constants: {SOCKET: number};
}

function loadTcpWrap(): TcpWrap | null {
	// process.binding() warns under --pending-deprecation: stay on public API then.
	const flags = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
	if (flags.includes('--pending-deprecation')) return null;
	try {
		const binding = (process as unknown as {binding?: (name: string) => unknown}).binding?.('tcp_wrap') as
			| Partial<TcpWrap>
			| undefined;
		const {TCP, TCPConnectWrap, constants} = binding ?? {};
		if (
			typeof TCP !== 'function' ||
			typeof TCPConnectWrap !== 'function' ||
			typeof constants?.SOCKET !== 'number'
		)
			return null;
		const proto = TCP.prototype as Partial<TcpHandle>;
		if (typeof proto.connect !== 'function' || typeof proto.connect6 !== 'function') return null;
		if (typeof proto.getsockname !== 'function' || typeof proto.close !== 'function') return null;
		return {TCP, TCPConnectWrap, constants};
	} catch {
		return null;
	}
}

export const errorName = (status: number): string => {
	try {
		return getSystemErrorName(status);
	} catch {
		return 'EUNKNOWN';
	}
};

function createRawDial(wrap: TcpWrap): Dial {
	return (host, port, callback) => {
		const handle = new wrap.TCP(wrap.constants.SOCKET);
		const req = new wrap.TCPConnectWrap();
		let closed = false;
		let reported = false;
		const close = () => {
			if (closed) return;
			closed = true;
			handle.close();
		};
		req.address = host;
		req.port = port;
		req.oncomplete = (status) => {
			if (reported) return; // abandoned: libuv reports the cancelled connect after close()
			reported = true;
			if (status === 0) {
				const local: {address?: string; port?: number} = {};
				handle.getsockname(local);
				callback({connected: true, localAddress: local.address ?? '', localPort: local.port ?? 0});
				return;
			}
			close();
			callback({connected: false, code: errorName(status)});
		};
		// `host` is an IP literal (the Dial contract): only IPv6 has a colon. net.isIPv6 runs
		// a long regex per call, ≈10 % of a top1000 loopback scan's CPU in a profile.
		const status = host.includes(':') ? handle.connect6(req, host, port) : handle.connect(req, host, port);
		if (status !== 0) {
			// EMFILE and friends come back here, synchronously.
			reported = true;
			close();
			queueMicrotask(() => callback({connected: false, code: errorName(status)}));
		}
		return () => {
			reported = true;
			close();
		};
	};
}

/** Node's TCP binding when it looks as expected, else null (raw-probe.ts uses it too). */
export const tcpWrap = loadTcpWrap();

/** The raw dialer, or null when this Node does not offer the binding as expected. */
export const dialRaw: Dial | null = tcpWrap ? createRawDial(tcpWrap) : null;

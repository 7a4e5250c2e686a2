// The lowest layer of a connect probe: open one TCP connection and say how it went.
// Two implementations: dial-socket.ts (net.Socket, public API) and dial-raw.ts
// (Node's own TCP handle, several times cheaper per connect).

export type DialResult =
	| {readonly connected: true; readonly localAddress: string; readonly localPort: number}
	| {readonly connected: false; readonly code: string};

/**
 * Starts a connect to an IP address. `callback` runs once, never synchronously; after
 * an error result everything is already released. The returned function closes the
 * connection (or abandons the attempt); calling it more than once is harmless.
 */
export type Dial = (host: string, port: number, callback: (result: DialResult) => void) => () => void;

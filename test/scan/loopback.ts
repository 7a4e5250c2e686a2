import {readFile} from 'node:fs/promises';
import {createServer, type Server} from 'node:net';

// Loopback listeners for end-to-end scans, and an oracle of what really listens
// (other processes on this machine may listen too: those are open, not false opens).

export interface Listener {
	readonly host: string;
	readonly port: number;
	close(): Promise<void>;
}

export async function listen(host: string, port = 0): Promise<Listener> {
	const server: Server = createServer((socket) => socket.destroy());
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen({host, port}, () => resolve());
	});
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('no address');
	return {
		host,
		port: address.port,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/** Listens on the first free port of `candidates` (for fixed ranges such as 1-2000). */
export async function listenOnFree(host: string, candidates: readonly number[]): Promise<Listener> {
	for (const port of candidates) {
		try {
			return await listen(host, port);
		} catch {
			// taken: try the next one
		}
	}
	throw new Error(`no free port among ${candidates.length} candidates`);
}

const WILDCARDS = new Set(['00000000', '00000000000000000000000000000000']);
const LOOPBACK_V4 = '0100007F';
const LOOPBACK_V6 = '00000000000000000000000001000000';

/**
 * Ports with a TCP listener reachable on 127.0.0.1 (family 4) or ::1 (family 6), from
 * /proc/net/tcp{,6}. IPv6 wildcard sockets accept IPv4 too unless v6only: counted for both.
 */
export async function listeningPorts(family: 4 | 6): Promise<Set<number>> {
	const ports = new Set<number>();
	for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
		const text = await readFile(file, 'utf8').catch(() => '');
		for (const line of text.split('\n').slice(1)) {
			const fields = line.trim().split(/\s+/);
			if (fields[3] !== '0A') continue; // LISTEN
			const [address = '', portHex = ''] = (fields[1] ?? '').split(':');
			const ours = family === 4 ? address === LOOPBACK_V4 : address === LOOPBACK_V6;
			if (ours || WILDCARDS.has(address)) ports.add(Number.parseInt(portHex, 16));
		}
	}
	return ports;
}

// A small reader for `ss -tunapH`, the reference the CLI is compared with.
import {run} from './process.js';

export interface SsSocket {
	readonly proto: 'tcp' | 'udp';
	readonly family: 4 | 6;
	readonly localAddress: string;
	readonly localPort: number;
	readonly remoteAddress: string | null;
	readonly remotePort: number | null;
	/** In socktop's (net-tools) spelling: ESTAB → ESTABLISHED, TIME-WAIT → TIME_WAIT. */
	readonly state: string;
	readonly users: readonly {name: string; pid: number; fd: number}[];
}

const STATES: Record<string, string> = {
	ESTAB: 'ESTABLISHED',
	'SYN-RECV': 'SYN_RECV',
	'FIN-WAIT-1': 'FIN_WAIT1',
};

/** `127.0.0.1:80`, `[::1]:80`, `0.0.0.0:*`, `127.0.0.53%lo:53`, `*:22` → host (brackets and scope off) and port. */
export function parseSsEndpoint(text: string): {host: string; port: number | null} {
	const colon = text.lastIndexOf(':');
	if (colon < 0) throw new Error(`not an ss endpoint: ${text}`);
	let host = text.slice(0, colon);
	const port = text.slice(colon + 1);
	if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
	const percent = host.indexOf('%');
	if (percent >= 0) host = host.slice(0, percent);
	return {host, port: port === '*' ? null : Number(port)};
}

const isWildcard = (host: string) => host === '0.0.0.0' || host === '::' || host === '*';

const SOCKET_START = /^(tcp|udp)\s+\S+\s+\d+\s+\d+\s+\S+:\S+\s+\S+:\S+/;
const SOCKET_LINE = /^(tcp|udp)\s+(\S+)\s+\d+\s+\d+\s+(\S+)\s+(\S+)\s*(.*)$/s;

/**
 * ss prints a process name as it is, newlines included (any process can name itself
 * `a\nb`): a line that does not start a socket continues the one before.
 */
function socketLines(text: string): string[] {
	const lines: string[] = [];
	for (const line of text.split('\n')) {
		if (SOCKET_START.test(line) || lines.length === 0) lines.push(line);
		else lines[lines.length - 1] += `\n${line}`;
	}
	return lines.filter((line) => line.trim() !== '');
}

/** Parses `ss -tunapH` output: Netid State Recv-Q Send-Q Local Peer [Process]. */
export function parseSs(text: string): SsSocket[] {
	const sockets: SsSocket[] = [];
	for (const line of socketLines(text)) {
		const match = SOCKET_LINE.exec(line);
		if (!match) throw new Error(`unexpected ss line: ${line}`);
		const [, netid, rawState, localText, peerText, rest] = match as unknown as string[];
		if (netid !== 'tcp' && netid !== 'udp') continue;
		const local = parseSsEndpoint(localText!);
		const peer = parseSsEndpoint(peerText!);
		const users = [...rest!.matchAll(/\("(.*?)",pid=(\d+),fd=(\d+)\)/gs)].map((m) => ({
			name: m[1]!,
			pid: Number(m[2]),
			fd: Number(m[3]),
		}));
		const noPeer = peer.port === null && isWildcard(peer.host);
		sockets.push({
			proto: netid,
			family: local.host.includes(':') || localText!.startsWith('[') ? 6 : 4,
			localAddress: local.host,
			localPort: local.port ?? 0,
			remoteAddress: noPeer ? null : peer.host,
			remotePort: noPeer ? null : peer.port,
			state: STATES[rawState!] ?? rawState!.replaceAll('-', '_'),
			users,
		});
	}
	return sockets;
}

export async function readSs(): Promise<SsSocket[]> {
	const result = await run('ss', ['-tunapH'], {timeoutMs: 10_000});
	if (result.code !== 0) throw new Error(`ss exited ${result.code}: ${result.stderr}`);
	return parseSs(result.stdout);
}

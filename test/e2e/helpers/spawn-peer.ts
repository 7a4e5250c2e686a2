import {NODE, PEER_PATH} from './paths.js';
import {Child, uniqueToken} from './process.js';
import {STARTUP_MS, waitFor} from './wait.js';

/** What the peer says about one of its sockets, in socktop's record terms. */
export interface PeerSocket {
	readonly proto: 'tcp' | 'udp';
	readonly family: 4 | 6;
	readonly localAddress: string;
	readonly localPort: number;
	readonly remoteAddress: string | null;
	readonly remotePort: number | null;
	readonly state: 'LISTEN' | 'ESTABLISHED' | 'UNCONN';
}

export type PeerSocketName =
	| 'tcp4Listen'
	| 'tcp6Listen'
	| 'tcpClient'
	| 'tcpServer'
	| 'udpBound'
	| 'udpA'
	| 'udpB';

export interface Peer {
	readonly pid: number;
	/** The process name (comm) socktop should report: at most 15 characters. */
	readonly title: string;
	/** Set when ::1 could not be bound (no IPv6 here); tcp6Listen is then absent. */
	readonly ipv6Error: string | null;
	/** The peer's open sockets, kept up to date by `close NAME` and `open-udp` commands. */
	readonly sockets: Partial<Record<PeerSocketName | `udp${number}`, PeerSocket>>;
	/** Sends a command line and waits (bounded) for its one-line JSON answer. */
	command(line: string): Promise<Record<string, unknown>>;
	/** Ends the peer (idempotent). */
	close(): Promise<void>;
}

/**
 * Starts test/fixtures/e2e/peer.mjs with a unique process title (`sktp-` and 8
 * hex digits unless given) and waits until its sockets are open.
 */
export async function spawnPeer(
	options: {
		mode?: 'full' | 'listen';
		title?: string;
		/** Run the peer with these ids (setpriv execs, so the peer keeps its pid; needs root). */
		ids?: {uid: number; gid: number};
		/** Run the peer in this network namespace (`ip netns exec` execs: same pid; needs root). */
		netns?: string;
	} = {},
): Promise<Peer> {
	const title = options.title ?? uniqueToken('sktp-');
	if (title.length > 15) throw new Error(`process title "${title}" is longer than Linux's 15-character comm`);
	const argv = [
		...(options.netns ? ['ip', 'netns', 'exec', options.netns] : []),
		NODE,
		PEER_PATH,
		'--title',
		title,
		'--mode',
		options.mode ?? 'full',
	];
	const child = options.ids
		? new Child('setpriv', [
				`--reuid=${options.ids.uid}`,
				`--regid=${options.ids.gid}`,
				'--clear-groups',
				'--',
				...argv,
			])
		: new Child(argv[0]!, argv.slice(1));
	let consumed = 0;
	const nextMessage = (what: string) =>
		waitFor(
			what,
			() => {
				if (child.hasExited) throw new Error(`the peer exited early: ${child.stderr}`);
				const lines = child.lines();
				if (lines.length <= consumed) return undefined;
				return JSON.parse(lines[consumed++]!) as Record<string, unknown>;
			},
			{
				timeoutMs: STARTUP_MS,
				intervalMs: 20,
				describe: () => `stdout: ${child.stdout}\nstderr: ${child.stderr}`,
			},
		);
	try {
		const ready = await nextMessage('the peer to open its sockets');
		if (ready.ready !== true) throw new Error(`the peer failed: ${String(ready.error)}`);
		let queue = Promise.resolve() as Promise<unknown>;
		const sockets = {...(ready.sockets as Record<string, PeerSocket>)};
		return {
			pid: child.pid,
			title,
			ipv6Error: (ready.ipv6Error as string | null) ?? null,
			sockets,
			command(line) {
				const answer = queue.then(async () => {
					child.process.stdin?.write(`${line}\n`);
					const message = await nextMessage(`the peer's answer to "${line}"`);
					if (typeof message.closed === 'string') delete sockets[message.closed];
					if (typeof message.opened === 'string') sockets[message.opened] = message.socket as PeerSocket;
					return message;
				});
				queue = answer.catch(() => {});
				return answer;
			},
			close: () => child.stop('SIGTERM'),
		};
	} catch (error) {
		await child.stop('SIGKILL');
		throw error;
	}
}

/** The peer's open sockets as a list. */
export function socketsOf(peer: Peer): PeerSocket[] {
	return Object.values(peer.sockets).filter((socket): socket is PeerSocket => socket !== undefined);
}

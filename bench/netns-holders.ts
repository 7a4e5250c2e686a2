// The bench's extra network namespaces (`ip netns add np-bench-N`), each with one python
// process holding 100 sockets, as a small container would: a TCP listener on 127.0.0.1 with
// 24 connections to it (49 TCP sockets, so reading the namespace's `tcp` table is needed: it
// walks the kernel's host-wide hash), and 51 bound UDP sockets.
import {type ChildProcess, spawn, spawnSync} from 'node:child_process';

export const SOCKETS_EACH = 100;
const PREFIX = 'np-bench-';
const HOLDER = `import socket,sys
s=[]
l=socket.socket(); l.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1); l.bind(('127.0.0.1',0)); l.listen(64); s.append(l)
port=l.getsockname()[1]
for i in range(24):
  c=socket.create_connection(('127.0.0.1',port)); s.append(c); s.append(l.accept()[0])
for i in range(51):
  u=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); u.bind(('127.0.0.1',0)); s.append(u)
assert len(s)==${SOCKETS_EACH}
print('ready',flush=True)
sys.stdin.read()`;

export interface Namespaces {
	/** One pid per namespace (its holder), for `nsenter -t PID -n`. */
	readonly pids: readonly number[];
	close(): void;
}

const made = new Set<string>();
const holders = new Set<ChildProcess>();

/** Last resort (process exit): every holder killed, every namespace deleted. Synchronous. */
export function removeAllBenchNamespaces(): void {
	for (const child of holders) child.kill('SIGKILL');
	holders.clear();
	for (const name of made) spawnSync('ip', ['netns', 'delete', name]);
	made.clear();
}

export async function makeNamespaces(count: number): Promise<Namespaces> {
	const mine: string[] = [];
	const children: ChildProcess[] = [];
	const pids: number[] = [];
	const close = () => {
		for (const child of children) {
			child.kill('SIGKILL');
			holders.delete(child);
		}
		for (const name of mine) {
			spawnSync('ip', ['netns', 'delete', name]);
			made.delete(name);
		}
	};
	try {
		for (let i = 0; i < count; i++) {
			const name = `${PREFIX}${i}`;
			spawnSync('ip', ['netns', 'delete', name]); // a leftover of an interrupted run
			if (spawnSync('ip', ['netns', 'add', name]).status !== 0)
				throw new Error(`ip netns add ${name} failed`);
			mine.push(name);
			made.add(name);
			spawnSync('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
			const child = spawn('ip', ['netns', 'exec', name, 'python3', '-c', HOLDER], {
				stdio: ['pipe', 'pipe', 'inherit'],
			});
			children.push(child);
			holders.add(child);
			await new Promise<void>((resolve, reject) => {
				child.stdout!.once('data', () => resolve());
				child.once('exit', () => reject(new Error(`holder in ${name} exited`)));
			});
			pids.push(child.pid!);
		}
	} catch (error) {
		close();
		throw error;
	}
	return {pids, close};
}

// Holds N established loopback TCP connections (2N sockets) in child processes:
// each shard is one listener child on 127.0.0.1 (a fresh kernel-chosen port, so
// runs never collide with each other's leftovers) and one client child that
// connects to it. Shards keep every child under the hard open-file limit, which
// an unprivileged container cannot raise (`prlimit` fails with EPERM there).
import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {commandLine, fileLimits, isAlive, type Print, sleep} from './lib.js';

const CHILD = fileURLToPath(new URL('./hold-child.mjs', import.meta.url));
/** Descriptors a child needs besides its sockets (stdio, the event loop, the listener…). */
const FD_OVERHEAD = 200;
const READY_TIMEOUT_MS = 90_000;

export interface HeldConnections {
	readonly count: number;
	readonly ports: readonly number[];
	readonly pids: readonly number[];
	readonly setupMs: number;
	close(): Promise<void>;
}

interface Child {
	readonly process: ChildProcessWithoutNullStreams;
	readonly lines: string[];
	readonly waiters: Set<() => void>;
	exited: boolean;
}

const live = new Set<Child>();

/** Last resort (process 'exit'): kill every holder child still running. Synchronous. */
export function killAllHolders(): void {
	for (const child of live) {
		try {
			child.process.kill('SIGKILL');
		} catch {
			// already gone
		}
	}
	live.clear();
}

function startChild(args: readonly string[]): Child {
	const proc = spawn(process.execPath, [CHILD, ...args], {stdio: ['pipe', 'pipe', 'pipe'], shell: false});
	const child: Child = {process: proc, lines: [], waiters: new Set(), exited: false};
	live.add(child);
	let buffered = '';
	const wake = () => {
		for (const waiter of [...child.waiters]) waiter();
	};
	proc.stdout.setEncoding('utf8');
	proc.stdout.on('data', (text: string) => {
		buffered += text;
		const parts = buffered.split('\n');
		buffered = parts.pop() ?? '';
		child.lines.push(...parts);
		wake();
	});
	proc.stderr.setEncoding('utf8');
	proc.stderr.on('data', (text: string) => child.lines.push(`stderr ${text.trim()}`));
	proc.stdin.on('error', () => {}); // EPIPE if it died first
	proc.once('exit', () => {
		child.exited = true;
		live.delete(child);
		wake();
	});
	return child;
}

async function waitForLine(child: Child, prefix: string, what: string): Promise<string> {
	const deadline = performance.now() + READY_TIMEOUT_MS;
	for (;;) {
		const line = child.lines.find((candidate) => candidate.startsWith(prefix));
		if (line) return line.slice(prefix.length).trim();
		const failure = child.lines.find(
			(candidate) => candidate.startsWith('error') || candidate.startsWith('stderr'),
		);
		if (failure) throw new Error(`${what}: ${failure}`);
		if (child.exited) throw new Error(`${what}: child exited (${child.process.exitCode})`);
		const left = deadline - performance.now();
		if (left <= 0) throw new Error(`${what}: not ready after ${READY_TIMEOUT_MS / 1000} s`);
		await new Promise<void>((resolve) => {
			const timer = setTimeout(done, Math.min(left, 1000));
			function done() {
				clearTimeout(timer);
				child.waiters.delete(done);
				resolve();
			}
			child.waiters.add(done);
		});
	}
}

async function stopChild(child: Child): Promise<void> {
	if (child.exited) return;
	child.process.stdin.end('close\n');
	for (let i = 0; i < 100 && !child.exited; i++) await sleep(50);
	if (!child.exited) {
		child.process.kill('SIGKILL');
		for (let i = 0; i < 40 && !child.exited; i++) await sleep(50);
	}
}

/** Opens `count` loopback connections and resolves once every one is established on both ends. */
export async function holdConnections(count: number, out: Print): Promise<HeldConnections> {
	const {soft, hard} = fileLimits();
	const perChild = Math.max(1000, Math.min(hard, soft) - FD_OVERHEAD);
	const shards: number[] = [];
	for (let left = count; left > 0; left -= perChild) shards.push(Math.min(perChild, left));
	out(
		`  holding ${count} loopback connections: open-file limit (ulimit -Sn/-Hn) ${soft}/${hard}, ` +
			`${shards.length} listener child(ren) + ${shards.length} client child(ren), ≤ ${perChild} sockets each`,
	);
	const started = performance.now();
	const children: Child[] = [];
	const servers: Child[] = [];
	const clients: Child[] = [];
	const ports: number[] = [];
	const close = async () => {
		// Clients first: they reset their sockets (RST), so neither end lingers in TIME_WAIT.
		await Promise.all(clients.map(stopChild));
		await Promise.all(servers.map(stopChild));
	};
	try {
		for (const [index, size] of shards.entries()) {
			const serverArgs = ['server', String(size)];
			const server = startChild(serverArgs);
			children.push(server);
			servers.push(server);
			const port = Number(await waitForLine(server, 'port ', 'listener child'));
			ports.push(port);
			const clientArgs = ['client', String(port), String(size)];
			const client = startChild(clientArgs);
			children.push(client);
			clients.push(client);
			if (index === 0) {
				out(`  $ ${commandLine('node', [CHILD, ...serverArgs])}   (listener on 127.0.0.1:${port})`);
				out(`  $ ${commandLine('node', [CHILD, ...clientArgs])}`);
			}
			await waitForLine(client, 'ready ', 'client child');
			await waitForLine(server, 'ready ', 'listener child');
		}
	} catch (error) {
		await close();
		throw error;
	}
	const setupMs = performance.now() - started;
	return {
		count,
		ports,
		pids: children.map((child) => child.process.pid ?? -1),
		setupMs,
		async close() {
			await close();
			const left = children.filter((child) => child.process.pid !== undefined && isAlive(child.process.pid));
			if (left.length > 0) out(`  warning: ${left.length} holder child(ren) still alive after teardown`);
		},
	};
}

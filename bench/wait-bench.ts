// `npm run bench -- wait`: how soon `socktop wait` exits once a listener appears, and the
// CPU it spends while waiting, against wait-port and wait-on (npm, devDependencies) waiting
// for the same listener in the same run, interleaved round by round.
//
// A round: start the waiter; let it settle (WARMUP_MS: node's start-up is not waiting);
// measure its CPU over WINDOW_MS (every thread's on-CPU time, /proc/<pid>/task/*/schedstat,
// in ns: clock ticks are too coarse for a process that should be nearly idle); then bind the
// listener on 127.0.0.1 in this process and time until the waiter exits. Then the same with
// 10,000 established loopback connections in the table (what a busy server has), where
// socktop reads only the listeners at the head of /proc/net/tcp.
import {spawn} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {createListenerReader} from '../source/sources/procfs/listener-table.js';
import {parseProcNet} from '../source/sources/procfs/parse-proc-net.js';
import {holdConnections} from './connections.js';
import {commandLine, median, met, ms, type Print, percentile, ratio, type SummaryRow, sleep} from './lib.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const WAIT_PORT = fileURLToPath(new URL('../node_modules/wait-port/bin/wait-port.js', import.meta.url));
const WAIT_ON = fileURLToPath(new URL('../node_modules/wait-on/bin/wait-on', import.meta.url));
const WARMUP_MS = 2000;
const WINDOW_MS = 3000;
const EXIT_TIMEOUT_MS = 15_000;
const LATENCY_GOAL_MS = 250;
const FIRST_PORT = 25_900;

interface Tool {
	readonly name: string;
	readonly args: (port: number) => string[];
}

const TOOLS: readonly Tool[] = [
	{
		name: 'socktop wait',
		args: (port) => [CLI, 'wait', '--port', String(port), '--addr', '127.0.0.1', '--quiet'],
	},
	{name: 'wait-port (1 s interval, its default)', args: (port) => [WAIT_PORT, `127.0.0.1:${port}`]},
	{name: 'wait-on (250 ms interval, its default)', args: (port) => [WAIT_ON, `tcp:127.0.0.1:${port}`]},
	{
		name: 'wait-on -i 100 (socktop’s interval)',
		args: (port) => [WAIT_ON, '-i', '100', `tcp:127.0.0.1:${port}`],
	},
];

/** On-CPU time of every thread of PID, in ms (null once it has gone). */
function cpuMs(pid: number): number | null {
	try {
		let ns = 0;
		for (const tid of readdirSync(`/proc/${pid}/task`)) {
			try {
				ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
			} catch {
				// thread ended meanwhile
			}
		}
		return ns / 1e6;
	} catch {
		return null;
	}
}

interface Round {
	readonly latencyMs: number;
	/** CPU while waiting, as a percentage of one core. */
	readonly cpuPct: number;
}

async function round(tool: Tool, port: number): Promise<Round> {
	const child = spawn(process.execPath, tool.args(port), {stdio: ['ignore', 'ignore', 'pipe'], shell: false});
	let stderr = '';
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (text: string) => {
		stderr += text;
	});
	const exited = new Promise<{code: number | null; at: number}>((resolve) =>
		child.once('exit', (code) => resolve({code, at: performance.now()})),
	);
	const server = createServer((socket) => socket.destroy());
	try {
		await sleep(WARMUP_MS);
		const pid = child.pid!;
		const cpu0 = cpuMs(pid);
		const t0 = performance.now();
		await sleep(WINDOW_MS);
		const cpu1 = cpuMs(pid);
		const t1 = performance.now();
		if (cpu0 === null || cpu1 === null)
			throw new Error(`${tool.name} exited before the listener: ${stderr.trim()}`);
		// listen() on an IP literal binds and listens synchronously: the socket is in the
		// table when it returns.
		server.listen(port, '127.0.0.1');
		const bound = performance.now();
		const timeout = sleep(EXIT_TIMEOUT_MS).then(() => null);
		const exit = await Promise.race([exited, timeout]);
		if (exit === null)
			throw new Error(`${tool.name} did not exit within ${EXIT_TIMEOUT_MS} ms of the listener`);
		if (exit.code !== 0) throw new Error(`${tool.name} exited ${exit.code}: ${stderr.trim()}`);
		return {latencyMs: exit.at - bound, cpuPct: ((cpu1 - cpu0) / (t1 - t0)) * 100};
	} finally {
		child.kill('SIGKILL');
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
}

async function phase(
	label: string,
	tools: readonly Tool[],
	rounds: number,
	portBase: number,
	out: Print,
): Promise<Map<string, Round[]>> {
	const results = new Map<string, Round[]>(tools.map((tool) => [tool.name, []]));
	for (let r = 0; r < rounds; r++)
		for (const [i, tool] of tools.entries())
			results.get(tool.name)!.push(await round(tool, portBase + r * tools.length + i));
	out(`  ${label}: ${rounds} rounds, interleaved`);
	out(
		`  ${'tool'.padEnd(42)} ${'latency median'.padStart(15)} ${'max'.padStart(9)} ${'CPU waiting'.padStart(12)}`,
	);
	for (const tool of tools) {
		const list = results.get(tool.name)!;
		out(
			`  ${tool.name.padEnd(42)} ${ms(median(list.map((x) => x.latencyMs))).padStart(15)} ${ms(Math.max(...list.map((x) => x.latencyMs))).padStart(9)} ${`${median(list.map((x) => x.cpuPct)).toFixed(2)} %`.padStart(12)}`,
		);
	}
	return results;
}

/**
 * CPU (this process, user + system) of one poll's read: socktop wait's listener-only read of
 * tcp and tcp6 against reading and parsing both tables whole, N times each, alternating.
 */
function readCost(out: Print, label: string): {listenersMs: number; wholeMs: number} {
	const reader = createListenerReader();
	const n = 40;
	let listeners = 0;
	let whole = 0;
	let found = 0;
	for (let i = 0; i < n; i++) {
		let start = process.cpuUsage();
		found = reader.read('tcp').entries.length;
		let used = process.cpuUsage(start);
		listeners += (used.user + used.system) / 1000;
		start = process.cpuUsage();
		let count = 0;
		for (const file of ['tcp', 'tcp6'] as const)
			count += parseProcNet(readFileSync(`/proc/net/${file}`, 'latin1'), file).entries.filter(
				(e) => e.state === 'LISTEN',
			).length;
		used = process.cpuUsage(start);
		whole += (used.user + used.system) / 1000;
		if (count < found) found = count;
	}
	const result = {listenersMs: listeners / n, wholeMs: whole / n};
	out(
		`  one poll's read, ${label}: listeners only ${ms(result.listenersMs, 2)} of CPU, whole tables read and parsed ${ms(result.wholeMs, 2)} (mean of ${n}; ${found} TCP listeners)`,
	);
	return result;
}

export async function runWaitBench(out: Print): Promise<SummaryRow[]> {
	out('## socktop wait: latency from the listener appearing to exit, and CPU while waiting');
	const rounds = Number(process.env.WAIT_BENCH_ROUNDS) || 5;
	out(
		`  commands (PORT differs per round): ${TOOLS.map((tool) => commandLine('node', tool.args(0))).join(' | ')}`,
	);
	out(`  per round: ${WARMUP_MS} ms to start, CPU over the next ${WINDOW_MS} ms, then bind 127.0.0.1:PORT`);
	const idleRead = readCost(out, 'idle table');
	const idle = await phase('an idle socket table', TOOLS, rounds, FIRST_PORT, out);
	const socktop = idle.get(TOOLS[0]!.name)!;
	const latencies = socktop.map((x) => x.latencyMs);
	const cpu = median(socktop.map((x) => x.cpuPct));
	const rows: SummaryRow[] = [
		{
			section: 'wait',
			goal: `socktop wait exits ≤ ${LATENCY_GOAL_MS} ms after the listener appears (p95)`,
			measured: `median ${ms(median(latencies))}, p95 ${ms(percentile(latencies, 95))}, n=${latencies.length}`,
			verdict: met(percentile(latencies, 95) <= LATENCY_GOAL_MS),
		},
	];
	for (const tool of TOOLS.slice(1)) {
		const other = idle.get(tool.name)!;
		rows.push({
			section: 'wait',
			goal: `vs ${tool.name}: latency, CPU while waiting`,
			measured: `latency ${ratio(median(latencies) / median(other.map((x) => x.latencyMs)))}, CPU ${ratio(cpu / median(other.map((x) => x.cpuPct)))} (socktop ${cpu.toFixed(2)} % of a core)`,
			verdict: 'info',
		});
	}
	const connections = Number(process.env.WAIT_BENCH_CONNECTIONS ?? 10_000);
	if (connections > 0) {
		out();
		const held = await holdConnections(connections, out);
		try {
			const busyRead = readCost(out, `${connections} connections`);
			rows.push({
				section: 'wait',
				goal: 'one poll: listener-only read vs whole tables (CPU)',
				measured: `idle ${ms(idleRead.listenersMs, 2)} vs ${ms(idleRead.wholeMs, 2)}; ${connections} connections ${ms(busyRead.listenersMs, 2)} vs ${ms(busyRead.wholeMs, 2)} (${ratio(busyRead.listenersMs / busyRead.wholeMs)})`,
				verdict: 'info',
			});
			const busy = await phase(
				`${connections} established loopback connections in the table`,
				[TOOLS[0]!, TOOLS[2]!],
				Math.max(2, Math.ceil(rounds / 2)),
				FIRST_PORT + 60,
				out,
			);
			const busyCpu = median(busy.get(TOOLS[0]!.name)!.map((x) => x.cpuPct));
			const busyLatency = busy.get(TOOLS[0]!.name)!.map((x) => x.latencyMs);
			rows.push({
				section: 'wait',
				goal: `socktop wait with ${connections} connections: latency (p95), CPU vs idle table`,
				measured: `p95 ${ms(percentile(busyLatency, 95))}; CPU ${busyCpu.toFixed(2)} % vs ${cpu.toFixed(2)} % idle`,
				verdict: met(percentile(busyLatency, 95) <= LATENCY_GOAL_MS),
			});
		} finally {
			await held.close();
		}
	}
	return rows;
}

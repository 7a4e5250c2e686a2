// socktop's TCP connect scan against nmap's (-sT -T4 -n) on 127.0.0.1, with a few
// listeners of our own: the full port range and the top 1000, median wall time of
// several alternating runs, and whether both found the same open ports.
// socktop runs as `node dist/cli.js scan` when a build exists (a process, like nmap:
// this is the goal's figure) and in-process through runScanCommand (under tsx its
// worker threads compile TypeScript as they start, so it reads a little slower).
// Run alone: node --import tsx bench/scan-bench.ts
import {spawn} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import {performance} from 'node:perf_hooks';
import {Writable} from 'node:stream';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {runScanCommand} from '../source/cli/scan-command.js';
import {top1000} from '../source/scan/top-ports.js';
import type {SummaryRow} from './lib.js';
import {runScanPathsBench} from './scan-paths-bench.js';

type Print = (line?: string) => void;

const HOST = '127.0.0.1';
const GOAL_RATIO = 1.0;
/** The built command; SOCKTOP_BENCH_CLI points elsewhere (e.g. another build) for comparisons. */
const DIST_CLI = process.env.SOCKTOP_BENCH_CLI || fileURLToPath(new URL('../dist/cli.js', import.meta.url));

interface Timed {
	readonly ms: number;
	readonly open: number[];
}

const median = (values: readonly number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function run(
	file: string,
	args: string[],
	timeoutMs: number,
): Promise<{code: number | null; stdout: string}> {
	return new Promise((resolve) => {
		const child = spawn(file, args, {stdio: ['ignore', 'pipe', 'ignore'], shell: false});
		let stdout = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString('utf8');
		});
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', () => {
			clearTimeout(timer);
			resolve({code: null, stdout});
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({code, stdout});
		});
	});
}

async function nmapVersion(): Promise<string | null> {
	const result = await run('nmap', ['--version'], 10_000);
	return result.code === 0 ? (/Nmap version (\S+)/.exec(result.stdout)?.[1] ?? 'unknown') : null;
}

/** nmap if present; installed with apt-get when running as root; null otherwise. */
async function ensureNmap(print: Print): Promise<string | null> {
	const version = await nmapVersion();
	if (version !== null || process.getuid?.() !== 0) return version;
	print('  nmap not found: installing it with apt-get (root)…');
	if ((await run('apt-get', ['install', '-y', '-q', 'nmap'], 300_000)).code !== 0) {
		await run('apt-get', ['update', '-q'], 300_000);
		await run('apt-get', ['install', '-y', '-q', 'nmap'], 300_000);
	}
	return nmapVersion();
}

async function listen(port: number): Promise<Server | null> {
	const server = createServer((socket) => socket.destroy());
	return new Promise((resolve) => {
		server.once('error', () => resolve(null));
		server.listen({host: HOST, port}, () => resolve(server));
	});
}

/** Four listeners on random ports and two on free top-1000 ports (so both scans have something to find). */
async function openListeners(): Promise<Server[]> {
	const servers: Server[] = [];
	for (let i = 0; i < 4; i++) {
		const server = await listen(0);
		if (server) servers.push(server);
	}
	for (const port of top1000.slice(50)) {
		if (servers.length >= 6) break;
		const server = await listen(port);
		if (server) servers.push(server);
	}
	return servers;
}

const openFromTable = (text: string) => [...text.matchAll(/^(\d+)\/tcp\s+open\b/gm)].map((m) => Number(m[1]));

async function timeCli(portSpec: string): Promise<Timed> {
	const started = performance.now();
	const result = await run(process.execPath, [DIST_CLI, 'scan', HOST, '--ports', portSpec], 300_000);
	const ms = performance.now() - started;
	if (result.code !== 0) throw new Error(`node dist/cli.js scan exited ${result.code}`);
	return {ms, open: openFromTable(result.stdout)};
}

async function timeInProcess(portSpec: string): Promise<Timed> {
	let text = '';
	const stdout = new Writable({
		write(chunk: Buffer, _encoding, callback) {
			text += chunk.toString('utf8');
			callback();
		},
	});
	const stderr = new Writable({write: (_chunk, _encoding, callback) => callback()});
	const started = performance.now();
	const code = await runScanCommand([HOST, '--ports', portSpec], {stdout, stderr});
	const ms = performance.now() - started;
	if (code !== 0) throw new Error(`socktop scan exited ${code}`);
	return {ms, open: openFromTable(text)};
}

async function timeNmap(portArgs: string[]): Promise<Timed> {
	const started = performance.now();
	const result = await run('nmap', ['-sT', '-T4', '-n', ...portArgs, '-oG', '-', HOST], 300_000);
	const ms = performance.now() - started;
	if (result.code !== 0) throw new Error(`nmap exited ${result.code}`);
	const open = [...result.stdout.matchAll(/(\d+)\/open\/tcp/g)].map((m) => Number(m[1]));
	return {ms, open};
}

/** TCP ports listening on 127.0.0.1 or a wildcard right now (other processes come and go). */
function listeningNow(): Set<number> {
	const ports = new Set<number>();
	for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text = '';
		try {
			text = readFileSync(file, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n').slice(1)) {
			const [, local = '', , state] = line.trim().split(/\s+/);
			const [address = '', port = ''] = local.split(':');
			const reachable = ['0100007F', '00000000', '00000000000000000000000000000000'].includes(address);
			if (state === '0A' && reachable) ports.add(Number.parseInt(port, 16));
		}
	}
	return ports;
}

/**
 * Compares the open ports of two runs made at different moments. Other processes on
 * this machine open and close listeners meanwhile: a port seen listening in only some
 * of the /proc snapshots taken around the runs explains a difference; anything else
 * (a port open in one result that never listened, or a steady listener missed) does not.
 */
function compareSets(a: number[], b: number[], snapshots: readonly Set<number>[]): string {
	const left = new Set(a);
	const right = new Set(b);
	const transient = (port: number) =>
		snapshots.some((s) => s.has(port)) && !snapshots.every((s) => s.has(port));
	const onlyA = a.filter((p) => !right.has(p));
	const onlyB = b.filter((p) => !left.has(p));
	const unexplained = [...onlyA, ...onlyB].filter((port) => !transient(port));
	if (onlyA.length === 0 && onlyB.length === 0) return `identical (${left.size} open)`;
	const detail = `only socktop ${JSON.stringify(onlyA)}, only nmap ${JSON.stringify(onlyB)}`;
	if (unexplained.length === 0)
		return `identical but for other processes' short-lived listeners (${detail}; ${left.size} open)`;
	return `DIFFERENT: ${detail}`;
}

export async function runScanBench(print: Print): Promise<SummaryRow[]> {
	const version = await ensureNmap(print);
	if (version === null) {
		print('  skipped: nmap is not installed (and could not be installed: not root or no apt-get)');
		return [
			{
				section: 'scan',
				goal: `full-range scan ≤ ${GOAL_RATIO}× nmap`,
				measured: 'no nmap',
				verdict: 'skipped',
			},
		];
	}
	const servers = await openListeners();
	const mine = servers.map((s) => (s.address() as {port: number}).port).sort((a, b) => a - b);
	print(`  socktop scan vs nmap ${version} -sT -T4 -n on ${HOST}; bench listeners on ${mine.join(', ')}`);
	const rows: SummaryRow[] = [];
	const cli = existsSync(DIST_CLI);
	if (!cli) print('  (no dist/cli.js: run `npm run build` to time the command as users run it)');
	try {
		const cases = [
			{name: 'full range', spec: 'all', nmap: ['-p-'], runs: 3, goal: true},
			{name: 'top 1000', spec: 'top1000', nmap: ['--top-ports', '1000'], runs: 5, goal: false},
		];
		for (const c of cases) {
			const times: Record<'cli' | 'inProcess' | 'nmap', Timed[]> = {cli: [], inProcess: [], nmap: []};
			const snapshots: Set<number>[] = [];
			// Alternate so that load from other processes hits all alike.
			for (let i = 0; i < c.runs; i++) {
				const last = i === c.runs - 1;
				if (last) snapshots.push(listeningNow());
				if (cli) times.cli.push(await timeCli(c.spec));
				times.inProcess.push(await timeInProcess(c.spec));
				if (last) snapshots.push(listeningNow());
				times.nmap.push(await timeNmap(c.nmap));
				if (last) snapshots.push(listeningNow());
			}
			const n = median(times.nmap.map((t) => t.ms));
			const line = (label: string, list: Timed[]) =>
				`  ${c.name.padEnd(10)} ${label.padEnd(24)} ${seconds(median(list.map((t) => t.ms)))}` +
				`  (runs ${list.map((t) => seconds(t.ms)).join(', ')})` +
				(label.startsWith('nmap') ? '' : `  → ${(median(list.map((t) => t.ms)) / n).toFixed(2)}× nmap`);
			if (cli) print(line('node dist/cli.js scan', times.cli));
			print(line('in-process (tsx)', times.inProcess));
			print(line(`nmap ${c.nmap.join(' ')}`, times.nmap));
			const ours = cli ? times.cli : times.inProcess;
			const s = median(ours.map((t) => t.ms));
			const sets = compareSets(ours.at(-1)!.open, times.nmap.at(-1)!.open, snapshots);
			const missed = c.spec === 'all' ? mine.filter((port) => !ours.at(-1)!.open.includes(port)) : [];
			print(
				`  ${''.padEnd(10)} open ports: ${sets}${missed.length ? `; MISSED bench listeners ${missed}` : ''}`,
			);
			const who = cli ? 'socktop scan' : 'socktop (in-process)';
			rows.push({
				section: 'scan',
				goal: c.goal ? `${c.name}: ${who} ≤ ${GOAL_RATIO}× nmap time` : `${c.name}: ${who} vs nmap time`,
				measured: `${seconds(s)} vs ${seconds(n)} (${(s / n).toFixed(2)}×)`,
				verdict: c.goal ? (s <= n * GOAL_RATIO ? 'met' : 'NOT met') : 'info',
			});
			rows.push({
				section: 'scan',
				goal: `${c.name}: same open ports as nmap`,
				measured: sets,
				verdict: sets.startsWith('identical') && missed.length === 0 ? 'met' : 'NOT met',
			});
		}
		// Where the connects run (scan-runner.ts decides): this thread vs worker threads.
		rows.push(...(await runScanPathsBench(print)));
	} finally {
		await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
	}
	return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	runScanBench((line = '') => process.stdout.write(`${line}\n`)).then(
		(rows) => {
			for (const row of rows) process.stdout.write(`${row.verdict.padEnd(8)} ${row.goal}: ${row.measured}\n`);
		},
		(error: unknown) => {
			process.stderr.write(`scan bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
			process.exitCode = 1;
		},
	);
}

// socktop's TCP connect scan against nmap's (-sT -T4 -n) on 127.0.0.1, with a few
// listeners of our own: the full port range and the top 1000, median wall time of
// several alternating runs, and whether both found the same open ports.
// socktop runs in-process (runScanCommand, as `socktop scan` does); nmap as a child.
// Run alone: node --import tsx bench/scan-bench.ts
import {spawn} from 'node:child_process';
import {createServer, type Server} from 'node:net';
import {performance} from 'node:perf_hooks';
import {Writable} from 'node:stream';
import {pathToFileURL} from 'node:url';
import {runScanCommand} from '../source/cli/scan-command.js';
import {top1000} from '../source/scan/top-ports.js';
import type {SummaryRow} from './lib.js';

type Print = (line?: string) => void;

const HOST = '127.0.0.1';
const GOAL_RATIO = 1.0;

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

function run(file: string, args: string[], timeoutMs: number): Promise<{code: number | null; stdout: string}> {
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

async function timeSocktop(portSpec: string): Promise<Timed> {
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
	const open = [...text.matchAll(/^(\d+)\/tcp\s+open\b/gm)].map((m) => Number(m[1]));
	return {ms, open};
}

async function timeNmap(portArgs: string[]): Promise<Timed> {
	const started = performance.now();
	const result = await run('nmap', ['-sT', '-T4', '-n', ...portArgs, '-oG', '-', HOST], 300_000);
	const ms = performance.now() - started;
	if (result.code !== 0) throw new Error(`nmap exited ${result.code}`);
	const open = [...result.stdout.matchAll(/(\d+)\/open\/tcp/g)].map((m) => Number(m[1]));
	return {ms, open};
}

function compareSets(a: number[], b: number[]): string {
	const left = new Set(a);
	const right = new Set(b);
	const onlyA = a.filter((p) => !right.has(p));
	const onlyB = b.filter((p) => !left.has(p));
	if (onlyA.length === 0 && onlyB.length === 0) return `identical (${left.size} open)`;
	return `DIFFERENT: only socktop ${JSON.stringify(onlyA)}, only nmap ${JSON.stringify(onlyB)}`;
}

export async function runScanBench(print: Print): Promise<SummaryRow[]> {
	const version = await ensureNmap(print);
	if (version === null) {
		print('  skipped: nmap is not installed (and could not be installed: not root or no apt-get)');
		return [{section: 'scan', goal: `full-range scan ≤ ${GOAL_RATIO}× nmap`, measured: 'no nmap', verdict: 'skipped'}];
	}
	const servers = await openListeners();
	const ours = servers.map((s) => (s.address() as {port: number}).port).sort((a, b) => a - b);
	print(`  socktop scan (in-process) vs nmap ${version} -sT -T4 -n on ${HOST}; bench listeners on ${ours.join(', ')}`);
	const rows: SummaryRow[] = [];
	try {
		const cases = [
			{name: 'full range', spec: 'all', nmap: ['-p-'], runs: 3, goal: true},
			{name: 'top 1000', spec: 'top1000', nmap: ['--top-ports', '1000'], runs: 5, goal: false},
		];
		for (const c of cases) {
			const socktop: Timed[] = [];
			const nmap: Timed[] = [];
			// Alternate so that load from other processes hits both alike.
			for (let i = 0; i < c.runs; i++) {
				socktop.push(await timeSocktop(c.spec));
				nmap.push(await timeNmap(c.nmap));
			}
			const s = median(socktop.map((t) => t.ms));
			const n = median(nmap.map((t) => t.ms));
			const sets = compareSets(socktop.at(-1)!.open, nmap.at(-1)!.open);
			const missed = ours.filter((port) => c.spec === 'all' && !socktop.at(-1)!.open.includes(port));
			print(
				`  ${c.name.padEnd(10)} socktop ${seconds(s)} (runs ${socktop.map((t) => seconds(t.ms)).join(', ')}), ` +
					`nmap ${seconds(n)} (runs ${nmap.map((t) => seconds(t.ms)).join(', ')}) → ${(s / n).toFixed(2)}× nmap`,
			);
			print(`  ${''.padEnd(10)} open ports: ${sets}${missed.length ? `; MISSED bench listeners ${missed}` : ''}`);
			rows.push({
				section: 'scan',
				goal: c.goal ? `${c.name}: socktop ≤ ${GOAL_RATIO}× nmap time` : `${c.name}: socktop vs nmap time`,
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

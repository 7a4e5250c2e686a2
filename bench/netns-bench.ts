// `npm run bench -- netns`: the cost of every network namespace. 20,000 sockets in the host
// namespace (10,000 loopback connections) and 30 namespaces made here (`ip netns add sns-bench-N`)
// holding 100 UDP sockets each. Measured in the same run:
// - the procfs source's CPU per steady poll (2 s apart) reading every namespace, and with
//   `--netns host` (no other namespace: the baseline);
// - what an operator's loop costs: `ss -tunap` in the host, then `nsenter -t PID -n ss -tunap`
//   per namespace (CPU of the children, from /proc/self/stat cutime+cstime);
// - how old the oldest namespace's data got under the cadence (the source's note).
import {spawn, spawnSync} from 'node:child_process';
import {cadenceAge} from '../source/model/netns-note.js';
import {createProcfsSource} from '../source/sources/procfs/procfs-source.js';
import {holdConnections} from './connections.js';
import {median, met, type Print, readProcCpu, type SummaryRow, sleep} from './lib.js';

const NAMESPACES = 30;
const SOCKETS_EACH = 100;
const CONNECTIONS = 10_000;
const POLLS = 8;
const INTERVAL_MS = 2000;
const HOLDER = `import socket,sys,time
s=[]
for i in range(${SOCKETS_EACH}):
  u=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); u.bind(('127.0.0.1',0)); s.append(u)
print('ready',flush=True)
sys.stdin.read()`;

async function pollCpu(netns: string, out: Print): Promise<{cpuMs: number[]; ages: number[]}> {
	const source = createProcfsSource({netns});
	const signal = new AbortController().signal;
	await source.read(signal); // the first poll reads everything
	const cpuMs: number[] = [];
	const ages: number[] = [];
	for (let i = 0; i < POLLS; i++) {
		await sleep(INTERVAL_MS);
		const before = process.cpuUsage();
		const result = await source.read(signal);
		const used = process.cpuUsage(before);
		cpuMs.push((used.user + used.system) / 1000);
		ages.push(cadenceAge(result.warnings) ?? 0);
	}
	out(`  --netns ${netns}: CPU per poll ${cpuMs.map((v) => v.toFixed(0)).join(' ')} ms`);
	return {cpuMs, ages};
}

// Medians: one round of the ss loop took 16 s once on the loaded machine (load average 48).
const mean = median;

export async function runNetnsBench(out: Print): Promise<SummaryRow[]> {
	out('## Network namespaces');
	if (process.getuid?.() !== 0)
		return [{section: 'netns', goal: '(needs root)', measured: 'not run', verdict: 'skipped'}];
	const made: string[] = [];
	const holders: ReturnType<typeof spawn>[] = [];
	const held = await holdConnections(CONNECTIONS, out);
	try {
		const pids: number[] = [];
		for (let i = 0; i < NAMESPACES; i++) {
			const name = `sns-bench-${i}`;
			spawnSync('ip', ['netns', 'delete', name]);
			if (spawnSync('ip', ['netns', 'add', name]).status !== 0)
				throw new Error(`ip netns add ${name} failed`);
			made.push(name);
			spawnSync('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
			const child = spawn('ip', ['netns', 'exec', name, 'python3', '-c', HOLDER], {
				stdio: ['pipe', 'pipe', 'inherit'],
			});
			holders.push(child);
			await new Promise<void>((resolve, reject) => {
				child.stdout!.once('data', () => resolve());
				child.once('exit', () => reject(new Error(`holder in ${name} exited`)));
			});
			pids.push(child.pid!);
		}
		out(`  ${held.count} host connections, ${NAMESPACES} namespaces × ${SOCKETS_EACH} UDP sockets`);
		const all = await pollCpu('all', out);
		const host = await pollCpu('host', out);
		// The operator's loop, POLLS times.
		const ssCpu: number[] = [];
		for (let i = 0; i < POLLS; i++) {
			const before = readProcCpu('self')!.children;
			spawnSync('ss', ['-tunap'], {stdio: 'ignore'});
			for (const pid of pids)
				spawnSync('nsenter', ['-t', String(pid), '-n', 'ss', '-tunap'], {stdio: 'ignore'});
			ssCpu.push((readProcCpu('self')!.children - before) * 1000);
		}
		out(`  ss loop: CPU per round ${ssCpu.map((v) => v.toFixed(0)).join(' ')} ms`);
		const ratio = mean(all.cpuMs) / mean(ssCpu);
		const overHost = mean(all.cpuMs) / mean(host.cpuMs);
		const oldest = Math.max(...all.ages);
		return [
			{
				section: 'netns',
				goal: 'steady poll CPU ≤ 0.5× ss per namespace',
				measured: `${mean(all.cpuMs).toFixed(0)} ms vs ${mean(ssCpu).toFixed(0)} ms (${ratio.toFixed(2)}×)`,
				verdict: met(ratio <= 0.5),
			},
			{
				section: 'netns',
				goal: 'source CPU with 30 namespaces vs none (the dashboard goal is ≤ 1.5×)',
				measured: `${mean(all.cpuMs).toFixed(0)} ms vs ${mean(host.cpuMs).toFixed(0)} ms (${overHost.toFixed(2)}×)`,
				verdict: 'info',
			},
			{
				section: 'netns',
				goal: 'oldest namespace data under the cadence',
				measured: oldest === 0 ? 'every namespace read each poll' : `≤ ${oldest} s`,
				verdict: 'info',
			},
		];
	} finally {
		for (const child of holders) child.kill('SIGKILL');
		for (const name of made) spawnSync('ip', ['netns', 'delete', name]);
		await held.close();
	}
}

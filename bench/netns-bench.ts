// `npm run bench -- netns`: the cost of every network namespace. 20,000 sockets in the host
// namespace (10,000 loopback connections) and 30 namespaces made here (`ip netns add
// np-bench-N`) holding 100 sockets each (netns-holders.ts: TCP and UDP, so each namespace's
// `tcp` table must be read, and that read walks the kernel's host-wide hash).
//
// 1. The procfs source's process CPU (user+sys, process.cpuUsage) per steady poll, 2 s apart,
//    reading every namespace, and with `--netns host` (no other namespace) in the same ticks;
//    against an operator's loop (`ss -tunap` in the host, then `nsenter -t PID -n ss -tunap`
//    per namespace; each command's CPU is this process's cutime+cstime growth), rounds run back
//    to back during the same minutes. Medians and spread of both: one round of the ss loop took
//    16 s once on the loaded machine, and rounds were bimodal, so one figure proves nothing.
// 2. The real dashboard in tmux: its process CPU over windows with the 30 namespaces and with
//    none (holders killed, namespaces deleted), alternately, twice each.
// 3. How old the oldest namespace's data gets under the cadence: the source's note (what the
//    header shows as `netns N (≤Ts old)`), per poll, and the dashboard's header.
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {loadavg} from 'node:os';
import {cadenceAge} from '../source/model/netns-note.js';
import {createProcfsSource} from '../source/sources/procfs/procfs-source.js';
import {holdConnections} from './connections.js';
import {median, met, type Print, percentile, readProcCpu, type SummaryRow, sleep} from './lib.js';
import {startDashboard} from './netns-dashboard.js';
import {makeNamespaces, type Namespaces, SOCKETS_EACH} from './netns-holders.js';

const NAMESPACES = 30;
const CONNECTIONS = 10_000;
const POLLS = 15;
const MIN_ROUNDS = 3;
const MAX_MS = 120_000;
const INTERVAL_MS = 2000;
const WINDOW_MS = 16_000;
const SETTLE_MS = 6000;

const load = () => loadavg()[0]!.toFixed(1);
const spreadOf = (values: readonly number[]) =>
	`median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, p90 ${percentile(values, 90).toFixed(0)}, max ${Math.max(...values).toFixed(0)}, n=${values.length})`;

/** The kernel's TCP sockets: this namespace's, and in every namespace (`alloc`: what each walk crosses). */
function tcpCounts(): string {
	const line =
		readFileSync('/proc/net/sockstat', 'utf8')
			.split('\n')
			.find((l) => l.startsWith('TCP:')) ?? '';
	const inuse = /inuse (\d+)/.exec(line)?.[1] ?? '?';
	const alloc = /alloc (\d+)/.exec(line)?.[1] ?? '?';
	return `TCP sockets here ${inuse}, in all namespaces ${alloc}`;
}

/** One command to /dev/null; resolves with its CPU (ms): this process's cutime+cstime growth. */
function cpuOf(file: string, args: readonly string[]): Promise<number> {
	const before = readProcCpu('self')!.children;
	return new Promise((resolve, reject) => {
		const child = spawn(file, args, {stdio: 'ignore'});
		child.once('error', reject);
		child.once('exit', () => resolve((readProcCpu('self')!.children - before) * 1000));
	});
}

/**
 * The operator's loop, once: `ss -tunap`, then `nsenter -t PID -n ss -tunap` per namespace.
 * Null when `stopped()` cut it short (its commands still count in `perCommand`).
 */
async function ssRound(
	pids: readonly number[],
	perCommand: number[],
	stopped: () => boolean,
): Promise<number | null> {
	let total = 0;
	for (const pid of [null, ...pids]) {
		if (stopped()) return null;
		const used = await (pid === null
			? cpuOf('ss', ['-tunap'])
			: cpuOf('nsenter', ['-t', String(pid), '-n', 'ss', '-tunap']));
		perCommand.push(used);
		total += used;
	}
	return total;
}

async function sourceAgainstSs(namespaces: Namespaces, out: Print) {
	const signal = new AbortController().signal;
	const all = createProcfsSource({netns: 'all'});
	const host = createProcfsSource({netns: 'host'});
	let used = process.cpuUsage();
	await all.read(signal); // the first poll reads every namespace (what --once costs)
	const firstUse = process.cpuUsage(used);
	const firstMs = (firstUse.user + firstUse.system) / 1000;
	await host.read(signal);
	out(`  first poll (every namespace at once, as --once): ${firstMs.toFixed(0)} ms CPU`);
	out(
		'  $ ss -tunap; nsenter -t PID -n ss -tunap (per namespace) > /dev/null   (rounds back to back during the polls)',
	);
	const ssCpu: number[] = [];
	const perCommand: number[] = [];
	let stop = false;
	const ssLoop = (async () => {
		while (!stop) {
			const round = await ssRound(namespaces.pids, perCommand, () => stop);
			if (round !== null) ssCpu.push(round);
		}
	})();
	const allCpu: number[] = [];
	const hostCpu: number[] = [];
	const ages: number[] = [];
	let seen = 0;
	const t0 = performance.now();
	// Wall time between the starts of two polls: late polls (a loaded machine) age the data.
	const gaps: string[] = [];
	let lastAt = t0;
	// At least POLLS polls and MIN_ROUNDS rounds of the ss loop, within MAX_MS.
	for (let i = 1; i <= POLLS || (ssCpu.length < MIN_ROUNDS && performance.now() - t0 < MAX_MS); i++) {
		const wait = t0 + i * INTERVAL_MS - performance.now();
		if (wait > 0) await sleep(wait);
		gaps.push(((performance.now() - lastAt) / 1000).toFixed(1));
		lastAt = performance.now();
		used = process.cpuUsage();
		const result = await all.read(signal);
		const a = process.cpuUsage(used);
		allCpu.push((a.user + a.system) / 1000);
		ages.push(cadenceAge(result.warnings) ?? 0);
		seen = new Set(result.records.map((record) => record.netns)).size;
		used = process.cpuUsage();
		await host.read(signal);
		const h = process.cpuUsage(used);
		hostCpu.push((h.user + h.system) / 1000);
	}
	stop = true;
	await ssLoop;
	out(`  all namespaces, CPU per poll: ${allCpu.map((v) => v.toFixed(0)).join(' ')} ms`);
	out(`  --netns host,   CPU per poll: ${hostCpu.map((v) => v.toFixed(0)).join(' ')} ms`);
	out(`  ss loop,        CPU per round: ${ssCpu.map((v) => v.toFixed(0)).join(' ')} ms`);
	out(`  all: ${spreadOf(allCpu)}; host: ${spreadOf(hostCpu)}; ss round: ${spreadOf(ssCpu)}`);
	out(`  one ss command (host or one namespace): ${spreadOf(perCommand)}`);
	out(`  s between polls (wall; the first from the end of the first poll): ${gaps.join(' ')}`);
	out(`  oldest namespace data per poll (source's note, 0 = none older than the poll): ${ages.join(' ')} s`);
	out(`  namespaces with sockets in the last poll: ${seen}; load average ${load()}; ${tcpCounts()}`);
	return {allCpu, hostCpu, ssCpu, ages, firstMs};
}

async function dashboardWithAndWithout(first: Namespaces, expect: number, out: Print) {
	const dashboard = await startDashboard(out, expect);
	let namespaces: Namespaces | null = first;
	const withNs: number[] = [];
	const without: number[] = [];
	const headers: string[] = [];
	try {
		for (let round = 0; round < 2; round++) {
			if (namespaces === null) {
				namespaces = await makeNamespaces(NAMESPACES);
			}
			await sleep(SETTLE_MS); // new namespaces are read at once: let the cadence reach its steady state
			const a = await dashboard.measure(WINDOW_MS);
			withNs.push(a.cpuMs);
			headers.push(a.netns ?? '(no netns part on screen)');
			out(
				`  dashboard, ${NAMESPACES} namespaces: ${a.cpuMs.toFixed(0)} ms CPU in ${WINDOW_MS / 1000} s (load ${load()})`,
			);
			out(`    ${a.header}`);
			out(`    on screen: ${a.netns ?? '(no netns part)'}`);
			namespaces.close();
			namespaces = null;
			await sleep(SETTLE_MS);
			const b = await dashboard.measure(WINDOW_MS);
			without.push(b.cpuMs);
			out(
				`  dashboard, no extra namespace: ${b.cpuMs.toFixed(0)} ms CPU in ${WINDOW_MS / 1000} s (load ${load()})`,
			);
			out(`    ${b.header}`);
		}
	} finally {
		namespaces?.close();
		await dashboard.close();
	}
	return {withNs, without, headers};
}

export async function runNetnsBench(out: Print): Promise<SummaryRow[]> {
	out('## Network namespaces');
	if (process.getuid?.() !== 0)
		return [{section: 'netns', goal: '(needs root)', measured: 'not run', verdict: 'skipped'}];
	const held = await holdConnections(CONNECTIONS, out);
	let namespaces: Namespaces | null = null;
	try {
		namespaces = await makeNamespaces(NAMESPACES);
		out(
			`  ${held.count} host connections, ${NAMESPACES} namespaces × ${SOCKETS_EACH} sockets (49 TCP, 51 UDP); ${tcpCounts()}; load ${load()}`,
		);
		const a = await sourceAgainstSs(namespaces, out);
		const b = await dashboardWithAndWithout(namespaces, held.count, out);
		namespaces = null; // closed by the dashboard part
		const ratio = median(a.allCpu) / median(a.ssCpu);
		const overHost = median(a.allCpu) / median(a.hostCpu);
		const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);
		const dashRatio = sum(b.withNs) / sum(b.without);
		const oldest = Math.max(...a.ages);
		const headerAges = b.headers.map((h) => {
			const age = /\(≤(\d+)s old\)/.exec(h)?.[1];
			return age ? `≤ ${age} s` : h.startsWith('netns') ? 'none older than the poll' : h;
		});
		return [
			{
				section: 'netns',
				goal: 'steady poll CPU ≤ 0.5× ss per namespace (medians)',
				measured: `${median(a.allCpu).toFixed(0)} ms vs ${median(a.ssCpu).toFixed(0)} ms (${ratio.toFixed(2)}×; p90 ${percentile(a.allCpu, 90).toFixed(0)} vs ${percentile(a.ssCpu, 90).toFixed(0)} ms; ${a.allCpu.length} polls, ${a.ssCpu.length} rounds; load ${load()})`,
				verdict: met(ratio <= 0.5),
			},
			{
				section: 'netns',
				goal: 'dashboard CPU with 30 namespaces ≤ 1.5× with none',
				measured: `${sum(b.withNs).toFixed(0)} ms vs ${sum(b.without).toFixed(0)} ms over ${(2 * WINDOW_MS) / 1000} s each (${dashRatio.toFixed(2)}×; windows ${b.withNs.map((v) => v.toFixed(0)).join('/')} vs ${b.without.map((v) => v.toFixed(0)).join('/')})`,
				verdict: met(dashRatio <= 1.5),
			},
			{
				section: 'netns',
				goal: 'source CPU per poll, 30 namespaces vs --netns host',
				measured: `${median(a.allCpu).toFixed(0)} ms vs ${median(a.hostCpu).toFixed(0)} ms (${overHost.toFixed(2)}×); first poll ${a.firstMs.toFixed(0)} ms`,
				verdict: 'info',
			},
			{
				section: 'netns',
				goal: 'oldest namespace data under the cadence',
				measured: `${oldest === 0 ? 'every namespace read each poll' : `≤ ${oldest} s (source)`}; dashboard header: ${headerAges.join(', ')}`,
				verdict: 'info',
			},
		];
	} finally {
		namespaces?.close();
		await held.close();
	}
}

// Dashboard, as a user runs it: the built binary inside a real pseudo-terminal
// (a detached tmux session, 120×40) while connections are held, at the default
// interval. Its CPU time over a window, beside `ss -tunap` run once per interval
// over the same window.
import {spawn} from 'node:child_process';
import {closeSync, existsSync, openSync, readFileSync} from 'node:fs';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {benchTmux, OUTSIDE_CI, waitForEstablished} from './bench-tmux.js';
import {commandLine, commandOutput, isAlive, type Print, readProcCpu, readStatusKb, sleep} from './lib.js';
import {descendants} from './proc-tree.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const TMUX = benchTmux('socktop-bench');
const SESSION = 'socktop-bench';
const SS = {file: 'ss', args: ['-tunap']} as const;

export interface CpuFigures {
	readonly windowS: number;
	readonly intervalMs: number;
	readonly dashboardPct: number;
	/** The dashboard, the children it reaped and the ones still running (ss -E) over the window. */
	readonly dashboardCpuS: number;
	/** [user, kernel] seconds. */
	readonly dashboardSplit: [number, number];
	readonly ssSplit: [number, number];
	readonly ssPct: number;
	readonly ssCpuS: number;
	readonly ssRuns: number;
	readonly tmuxServerPct: number | null;
	readonly rssKb: number | null;
	readonly hwmKb: number | null;
	readonly header: string[];
	/** CPU of each burst of work (one poll and its frame), in ms, in order. */
	readonly pollCpuMs: number[];
	/** TCP connections opened in this network namespace during the window (other programs'), or null. */
	readonly tcpOpens: number | null;
	/** After each ss run: sockets (with an fd) that were not there at the previous look. */
	readonly newSockets: number[];
}

/** Inodes of every socket in /proc/net/{tcp,tcp6,udp,udp6} (0 = no fd refers to it: skipped). */
function socketInodes(): Set<number> {
	const inodes = new Set<number>();
	for (const file of ['tcp', 'tcp6', 'udp', 'udp6']) {
		let text = '';
		try {
			text = readFileSync(`/proc/net/${file}`, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n').slice(1)) {
			const inode = Number(line.trim().split(/\s+/)[9]);
			if (inode > 0) inodes.add(inode);
		}
	}
	return inodes;
}

/** ActiveOpens + PassiveOpens from /proc/net/snmp: every TCP connection attempted or accepted so far. */
function readTcpOpens(): number | null {
	try {
		const lines = readFileSync('/proc/net/snmp', 'utf8')
			.split('\n')
			.filter((line) => line.startsWith('Tcp:'));
		const names = lines[0]?.split(/\s+/) ?? [];
		const values = lines[1]?.split(/\s+/) ?? [];
		return Number(values[names.indexOf('ActiveOpens')]) + Number(values[names.indexOf('PassiveOpens')]);
	} catch {
		return null;
	}
}

/**
 * CPU of the dashboard's children that are still running (a long-lived `ss -E`): the kernel
 * adds a child's CPU to the parent's only once it is reaped, so these are read one by one.
 */
function liveChildrenCpu(pid: number): Map<number, number> {
	const cpu = new Map<number, number>();
	for (const child of descendants(pid)) {
		const stat = readProcCpu(child);
		if (stat) cpu.set(child, stat.self);
	}
	return cpu;
}

/** Splits CPU samples into bursts separated by at least 300 ms without CPU use; returns each burst's CPU. */
function bursts(samples: readonly {t: number; cpu: number}[]): number[] {
	const result: number[] = [];
	let current = 0;
	let lastBusy = Number.NEGATIVE_INFINITY;
	for (let i = 1; i < samples.length; i++) {
		const used = samples[i]!.cpu - samples[i - 1]!.cpu;
		if (used <= 0) continue;
		if (samples[i]!.t - lastBusy > 300 && current > 0) {
			result.push(current * 1000);
			current = 0;
		}
		current += used;
		lastBusy = samples[i]!.t;
	}
	if (current > 0) result.push(current * 1000);
	return result;
}

/** Ends the bench's tmux server (and so the dashboard in it). Synchronous, safe to call twice. */
export const killBenchTmux = (): void => TMUX.kill();

const capture = (): string[] => TMUX.capture(SESSION).split('\n');

/** Runs the reference command (`ss -tunap`) `> /dev/null` once (stdout to /dev/null, no shell). */
function runSsToNull(devNull: number, ss: Reference = SS): Promise<number | null> {
	return new Promise((resolve, reject) => {
		const child = spawn(ss.file, ss.args, {stdio: ['ignore', devNull, 'ignore'], shell: false});
		const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.once('close', (code) => {
			clearTimeout(timer);
			resolve(code);
		});
	});
}

/** The command run once per interval beside the dashboard. */
export interface Reference {
	readonly file: string;
	readonly args: readonly string[];
}

export async function measureDashboardCpu(
	options: {
		windowS: number;
		intervalMs: number;
		expectConnections: number;
		reference?: Reference;
		/** Extra environment for the dashboard (`NAME=value`, passed through env(1)). */
		env?: readonly string[];
	},
	out: Print,
): Promise<CpuFigures> {
	const ss = options.reference ?? SS;
	if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
	if (commandOutput('tmux', ['-V']) === null) throw new Error('tmux is not installed');
	const {windowS, intervalMs} = options;
	const command = [...OUTSIDE_CI, ...(options.env ?? []), process.execPath, CLI];
	out(`  $ ${commandLine('tmux', ['-L', TMUX.socket, ...TMUX.newSessionArgs(SESSION, command)])}`);
	out(
		`    (tmux runs the command directly, without a shell; the dashboard polls every ${intervalMs} ms, its default)`,
	);
	let pid = -1;
	try {
		pid = TMUX.start(SESSION, command);
		const serverPid =
			Number(TMUX.run(['display-message', '-p', '-t', SESSION, '#{pid}']).stdout.trim()) || null;
		const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
		out(`  dashboard pid ${pid}: ${cmdline}`);

		// Warm-up: wait for the first frame with every connection on it, then two more polls.
		const header = () => capture().slice(0, 2).join(' | ');
		await waitForEstablished(header, pid, options.expectConnections, 30_000, out);
		await sleep(2 * intervalMs);

		// The window. Nothing else is spawned meanwhile, so this process's cutime grows by ss alone.
		out(
			`  $ ${commandLine(ss.file, ss.args)} > /dev/null   (spawned directly every ${intervalMs} ms during the same ${windowS} s; stdout opened on /dev/null)`,
		);
		const devNull = openSync('/dev/null', 'w');
		const cpu0 = readProcCpu(pid);
		const live0 = liveChildrenCpu(pid);
		const own0 = readProcCpu('self');
		const server0 = serverPid ? readProcCpu(serverPid) : null;
		let seen = socketInodes();
		const churn: number[] = [];
		const snmp0 = readTcpOpens();
		const t0 = performance.now();
		let ssRuns = 0;
		// The dashboard's CPU every 50 ms, to see what each poll costs.
		const samples: {t: number; cpu: number}[] = [];
		const sampler = setInterval(() => {
			const now = readProcCpu(pid);
			if (now) samples.push({t: performance.now(), cpu: now.self + now.children});
		}, 50);
		try {
			for (let slot = 0; slot * intervalMs < windowS * 1000; slot++) {
				const at = t0 + slot * intervalMs;
				const wait = at - performance.now();
				if (wait > 0) await sleep(wait);
				const code = await runSsToNull(devNull, ss);
				if (code !== 0) out(`  warning: ss exited with ${code}`);
				ssRuns++;
				// Sockets other programs opened since the last look: each unseen inode makes the dashboard re-walk.
				const inodes = socketInodes();
				let fresh = 0;
				for (const inode of inodes) if (!seen.has(inode)) fresh++;
				churn.push(fresh);
				seen = inodes;
			}
			const end = t0 + windowS * 1000;
			if (end > performance.now()) await sleep(end - performance.now());
		} finally {
			clearInterval(sampler);
			closeSync(devNull);
		}
		const snmp1 = readTcpOpens();
		const elapsedS = (performance.now() - t0) / 1000;
		const cpu1 = readProcCpu(pid);
		const live1 = liveChildrenCpu(pid);
		// Long-lived children running at both ends of the window: what they used within it.
		let liveCpuS = 0;
		for (const [child, at1] of live1) {
			const at0 = live0.get(child);
			if (at0 !== undefined) liveCpuS += at1 - at0;
		}
		const own1 = readProcCpu('self');
		const server1 = serverPid ? readProcCpu(serverPid) : null;
		if (!cpu0 || !cpu1) throw new Error('the dashboard exited during the measurement');
		const rssKb = readStatusKb(pid, 'VmRSS');
		const hwmKb = readStatusKb(pid, 'VmHWM');
		const dashboardCpuS = cpu1.self + cpu1.children - cpu0.self - cpu0.children + liveCpuS;
		const ssCpuS = (own1?.children ?? 0) - (own0?.children ?? 0);
		return {
			windowS: elapsedS,
			intervalMs,
			dashboardCpuS,
			dashboardSplit: [cpu1.user - cpu0.user, cpu1.system - cpu0.system],
			ssSplit: [
				(own1?.childUser ?? 0) - (own0?.childUser ?? 0),
				(own1?.childSystem ?? 0) - (own0?.childSystem ?? 0),
			],
			dashboardPct: (100 * dashboardCpuS) / elapsedS,
			ssCpuS,
			ssPct: (100 * ssCpuS) / elapsedS,
			ssRuns,
			tmuxServerPct: server0 && server1 ? (100 * (server1.self - server0.self)) / elapsedS : null,
			rssKb,
			hwmKb,
			header: capture().slice(0, 2),
			pollCpuMs: bursts(samples),
			tcpOpens: snmp0 && snmp1 ? snmp1 - snmp0 : null,
			newSockets: churn,
		};
	} finally {
		TMUX.run(['kill-session', '-t', SESSION]);
		killBenchTmux();
		if (pid > 0) {
			for (let i = 0; i < 60 && isAlive(pid); i++) await sleep(50);
			if (isAlive(pid)) {
				process.kill(pid, 'SIGKILL');
				out(`  dashboard pid ${pid} needed SIGKILL`);
			}
			out(`  tmux session killed; dashboard pid ${pid} ${isAlive(pid) ? 'STILL RUNNING' : 'has exited'}`);
		}
	}
}

// Small helpers shared by the bench sections: statistics, formatting, child
// processes (always spawn(file, [args]), never a shell) and /proc readers.
import {spawn, spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {performance} from 'node:perf_hooks';

export type Print = (line?: string) => void;

export const print: Print = (line = '') => {
	process.stdout.write(`${line}\n`);
};

export function median(values: readonly number[]): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[rank]!;
}

export const ms = (value: number, digits = 1) =>
	Number.isFinite(value) ? `${value.toFixed(digits)} ms` : 'n/a';
export const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');
export const pct = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)} %` : 'n/a');
export const met = (ok: boolean) => (ok ? 'met' : 'NOT met');

export function spread(values: readonly number[]): string {
	return `median ${ms(median(values))}, min ${ms(Math.min(...values))}, p95 ${ms(percentile(values, 95))}, n=${values.length}`;
}

export const sleep = (delay: number) => new Promise<void>((resolve) => setTimeout(resolve, delay));

/** A command line as a reader would type it (for printing only: nothing here goes through a shell). */
export function commandLine(file: string, args: readonly string[]): string {
	const quote = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);
	return [file, ...args].map(quote).join(' ');
}

export interface TimedRun {
	readonly ms: number;
	readonly stdoutBytes: number;
	readonly code: number | null;
}

export interface FinishedRun {
	readonly ms: number;
	readonly code: number | null;
	readonly stdout: Buffer;
	readonly stderr: Buffer;
}

/**
 * Runs a program to completion (no shell), reading all of its output, and returns the wall
 * time from spawn to exit with what it printed (stdout only when `keepStdout`; its byte count
 * is in `onStdout`). Bounded: killed after `timeoutMs`.
 */
export function runToEnd(
	file: string,
	args: readonly string[],
	options: {
		env?: NodeJS.ProcessEnv;
		timeoutMs?: number;
		keepStdout?: boolean;
		onStdout?: (chunk: Buffer) => void;
	} = {},
): Promise<FinishedRun> {
	const {env = process.env, timeoutMs = 30_000, keepStdout = false, onStdout} = options;
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(file, args, {env, stdio: ['ignore', 'pipe', 'pipe'], shell: false});
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => {
			onStdout?.(chunk);
			if (keepStdout) stdout.push(chunk);
		});
		child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.once('close', (code) => {
			clearTimeout(timer);
			resolve({
				ms: performance.now() - started,
				code,
				stdout: Buffer.concat(stdout),
				stderr: Buffer.concat(stderr),
			});
		});
	});
}

/**
 * Runs a program to completion, reading (and discarding) all of its output, and
 * returns the wall time from spawn to exit. Bounded: killed after `timeoutMs`.
 */
export async function timeProcess(
	file: string,
	args: readonly string[],
	options: {env?: NodeJS.ProcessEnv; timeoutMs?: number} = {},
): Promise<TimedRun> {
	let stdoutBytes = 0;
	const {ms, code} = await runToEnd(file, args, {
		...options,
		onStdout: (chunk) => {
			stdoutBytes += chunk.length;
		},
	});
	return {ms, stdoutBytes, code};
}

/** Output of a short command, or null when it cannot run. */
export function commandOutput(file: string, args: readonly string[]): string | null {
	const result = spawnSync(file, args, {encoding: 'utf8', timeout: 10_000, shell: false});
	if (result.error || result.status !== 0) return null;
	return result.stdout;
}

let clockTicks: number | null = null;
export function clockTicksPerSecond(): number {
	if (clockTicks === null) clockTicks = Number(commandOutput('getconf', ['CLK_TCK'])?.trim()) || 100;
	return clockTicks;
}

export interface ProcCpu {
	/** utime + stime of the process itself, in seconds. */
	readonly self: number;
	/** cutime + cstime: children it has waited for, in seconds. */
	readonly children: number;
	/** utime and stime alone (user / kernel), in seconds. */
	readonly user: number;
	readonly system: number;
	readonly childUser: number;
	readonly childSystem: number;
}

/** CPU time from /proc/<pid>/stat (fields 14–17), or null when the process is gone. */
export function readProcCpu(pid: number | 'self'): ProcCpu | null {
	let text: string;
	try {
		text = readFileSync(`/proc/${pid}/stat`, 'utf8');
	} catch {
		return null;
	}
	// The command name (field 2) is in parentheses and may contain spaces.
	const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
	const field = (n: number) => Number(fields[n - 3]);
	const tick = clockTicksPerSecond();
	return {
		self: (field(14) + field(15)) / tick,
		children: (field(16) + field(17)) / tick,
		user: field(14) / tick,
		system: field(15) / tick,
		childUser: field(16) / tick,
		childSystem: field(17) / tick,
	};
}

/** utime + stime of PID in clock ticks (what the memory A/B scripts print), NaN when it is gone. */
export function cpuTicks(pid: number): number {
	const cpu = readProcCpu(pid);
	return cpu ? Math.round(cpu.self * clockTicksPerSecond()) : Number.NaN;
}

/** A line of /proc/<pid>/status in kB (VmRSS, VmHWM…), or null. */
export function readStatusKb(pid: number | 'self', key: string): number | null {
	try {
		const text = readFileSync(`/proc/${pid}/status`, 'utf8');
		const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
		return match ? Number(match[1]) : null;
	} catch {
		return null;
	}
}

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

export function fileLimits(): {soft: number; hard: number} {
	const text = readFileSync('/proc/self/limits', 'utf8');
	const match = /^Max open files\s+(\S+)\s+(\S+)/m.exec(text);
	const value = (raw: string | undefined) => (raw === 'unlimited' ? Number.POSITIVE_INFINITY : Number(raw));
	return {soft: value(match?.[1]), hard: value(match?.[2])};
}

const TCP_STATE_NAMES: Record<string, string> = {
	'01': 'ESTABLISHED',
	'06': 'TIME_WAIT',
	'0A': 'LISTEN',
};

/** How many sockets the kernel lists in /proc/net/tcp and tcp6 (what every source has to read). */
export function countProcNetSockets(): {tcp: number; byState: Record<string, number>; udp: number} {
	const byState: Record<string, number> = {ESTABLISHED: 0, TIME_WAIT: 0, LISTEN: 0, other: 0};
	let tcp = 0;
	let udp = 0;
	const lines = (file: string) => {
		try {
			return readFileSync(`/proc/net/${file}`, 'utf8').split('\n').slice(1).filter(Boolean);
		} catch {
			return [];
		}
	};
	for (const file of ['tcp', 'tcp6']) {
		for (const line of lines(file)) {
			tcp++;
			const state = TCP_STATE_NAMES[line.trim().split(/\s+/)[3] ?? ''] ?? 'other';
			byState[state] = (byState[state] ?? 0) + 1;
		}
	}
	for (const file of ['udp', 'udp6']) udp += lines(file).length;
	return {tcp, byState, udp};
}

export function describeSocketCount(): string {
	const {tcp, byState, udp} = countProcNetSockets();
	return `/proc/net/tcp+tcp6 list ${tcp} sockets (${byState.ESTABLISHED} ESTABLISHED, ${byState.LISTEN} LISTEN, ${byState.TIME_WAIT} TIME_WAIT, ${byState.other} other); /proc/net/udp+udp6 ${udp}`;
}

/** One row of the final summary table. */
export interface SummaryRow {
	readonly section: string;
	readonly goal: string;
	readonly measured: string;
	readonly verdict: 'met' | 'NOT met' | 'info' | 'skipped' | 'error';
}

export function printTable(rows: readonly SummaryRow[], out: Print): void {
	const headers = ['section', 'goal', 'measured', 'verdict'] as const;
	const cells = rows.map((row) => [row.section, row.goal, row.measured, row.verdict]);
	const widths = headers.map((header, i) => Math.max(header.length, ...cells.map((cell) => cell[i]!.length)));
	const line = (values: readonly string[]) =>
		values
			.map((value, i) => value.padEnd(widths[i]!))
			.join('  ')
			.trimEnd();
	out(line(headers));
	out(line(widths.map((width) => '-'.repeat(width))));
	for (const cell of cells) out(line(cell));
}

import {type ChildProcess, type SpawnOptions, spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {constants, readdirSync, readFileSync} from 'node:fs';
import {access, stat} from 'node:fs/promises';
import {delimiter, join} from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {waitFor} from './wait.js';

/** A short random token, for names that must not collide with a parallel run. */
export function uniqueToken(prefix: string, bytes = 4): string {
	return `${prefix}${randomBytes(bytes).toString('hex')}`;
}

export interface Exit {
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
}

/**
 * A spawned child with its output collected, so a test can wait for lines and
 * always stop it (`stop` escalates to SIGKILL, and is safe to call twice).
 */
export class Child {
	readonly process: ChildProcess;
	readonly exited: Promise<Exit>;
	stdout = '';
	stderr = '';
	private exit: Exit | null = null;

	constructor(file: string, args: readonly string[], options: SpawnOptions = {}) {
		this.process = spawn(file, [...args], {stdio: ['pipe', 'pipe', 'pipe'], ...options});
		this.process.stdout?.setEncoding('utf8');
		this.process.stderr?.setEncoding('utf8');
		this.process.stdout?.on('data', (chunk: string) => {
			this.stdout += chunk;
		});
		this.process.stderr?.on('data', (chunk: string) => {
			this.stderr += chunk;
		});
		// A child that exits before reading its stdin must not crash the test with EPIPE.
		this.process.stdin?.on('error', () => {});
		this.exited = new Promise((resolve, reject) => {
			this.process.once('error', reject);
			this.process.once('exit', (code, signal) => {
				this.exit = {code, signal};
				resolve(this.exit);
			});
		});
		// Reported through `exited`; keep an unobserved rejection from failing the run.
		this.exited.catch(() => {});
	}

	get pid(): number {
		if (this.process.pid === undefined) throw new Error('the child did not start');
		return this.process.pid;
	}

	get hasExited(): boolean {
		return this.exit !== null;
	}

	/** Complete stdout lines so far. */
	lines(): string[] {
		return this.stdout.split('\n').slice(0, -1);
	}

	/** Waits (bounded) for the process to exit and returns how it did. */
	async waitExit(timeoutMs = 10_000): Promise<Exit> {
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(
				() => reject(new Error(`pid ${this.process.pid} did not exit within ${timeoutMs} ms`)),
				timeoutMs,
			);
		});
		try {
			return await Promise.race([this.exited, timeout]);
		} finally {
			clearTimeout(timer);
		}
	}

	/** Ends the child: `signal` first, SIGKILL if it is still there after `graceMs`. */
	async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 3000): Promise<void> {
		if (this.exit !== null || this.process.pid === undefined) return;
		this.process.kill(signal);
		try {
			await this.waitExit(graceMs);
		} catch {
			this.process.kill('SIGKILL');
			await this.waitExit(5000).catch(() => {});
		}
	}
}

/** Runs a program to completion (killed after `timeoutMs`, then rejects). */
export async function run(
	file: string,
	args: readonly string[],
	options: SpawnOptions & {readonly timeoutMs?: number} = {},
): Promise<Exit & {stdout: string; stderr: string}> {
	const {timeoutMs = 20_000, ...spawnOptions} = options;
	const child = new Child(file, args, {stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions});
	try {
		const exit = await child.waitExit(timeoutMs);
		// 'exit' can come before the last output: wait for the pipes to close too.
		await new Promise<void>((resolve) => {
			if (child.process.stdout?.readableEnded !== false && child.process.stderr?.readableEnded !== false)
				return resolve();
			child.process.once('close', () => resolve());
		});
		return {...exit, stdout: child.stdout, stderr: child.stderr};
	} finally {
		await child.stop('SIGKILL');
	}
}

/** True while `pid` is a live (not zombie) process. */
export function isAlive(pid: number): boolean {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
		return state !== 'Z' && state !== 'X';
	} catch {
		return false;
	}
}

/**
 * Live pids (other than this one) whose command line contains `marker`, like
 * `pgrep -f`, or whose environment does (a marker passed as a variable).
 */
export function pidsMatching(marker: string): number[] {
	const found = new Map<number, number>(); // pid → its parent's
	const read = (path: string) => {
		try {
			return readFileSync(path, 'utf8');
		} catch {
			return ''; // gone meanwhile, or not ours to read
		}
	};
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
		if (!read(`/proc/${name}/cmdline`).includes(marker) && !read(`/proc/${name}/environ`).includes(marker))
			continue;
		// State and parent from one read: a child that exits right after still names its parent
		// (read later, its stat was gone and it counted as a process of its own: CI, 2026-11-30).
		const stat = /\) (\S) (\d+)/.exec(read(`/proc/${name}/stat`));
		if (stat && stat[1] !== 'Z' && stat[1] !== 'X') found.set(Number(name), Number(stat[2]));
	}
	// A child socktop runs meanwhile (`ss` for the traffic counters) inherits the marker in its
	// environment: count the process, not its children. An orphan left behind is still found.
	return [...found].filter(([, parent]) => !found.has(parent)).map(([pid]) => pid);
}

/** Waits (bounded) until no process's command line contains `marker`; kills stragglers on timeout. */
export async function expectNoProcess(marker: string, timeoutMs = 10_000): Promise<void> {
	try {
		await waitFor(`no process matching "${marker}"`, () => pidsMatching(marker).length === 0, {timeoutMs});
	} catch (error) {
		for (const pid of pidsMatching(marker)) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// Already gone.
			}
		}
		throw error;
	}
}

/** Whether `file` can be run from PATH (for skipping tests on machines without it). */
/**
 * Whether `file` is an executable on PATH (or an executable path). Looked up, not run: running
 * `npm --version` took over its 10 s bound at load 28 and the packaging test was skipped as if
 * npm were missing (a clean-clone CI beside other work, 2026-11-30).
 */
export async function hasCommand(file: string): Promise<boolean> {
	const candidates = file.includes('/')
		? [file]
		: (process.env.PATH ?? '')
				.split(delimiter)
				.filter(Boolean)
				.map((dir) => join(dir, file));
	for (const candidate of candidates) {
		try {
			await access(candidate, constants.X_OK);
			if ((await stat(candidate)).isFile()) return true;
		} catch {
			// not there, or not executable: the next directory
		}
	}
	return false;
}

export {delay};

/** Pids of live processes in process group `pgid` (a detached child's group holds its children too). */
export function pidsInGroup(pgid: number): number[] {
	const found: number[] = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			// After the name: state, ppid, pgrp.
			if (Number(fields[2]) === pgid && fields[0] !== 'Z') found.push(Number(name));
		} catch {
			// Gone meanwhile.
		}
	}
	return found;
}

/** SIGKILLs a whole process group, quietly (for cleanup after a failure). */
export function killGroup(pgid: number): void {
	try {
		process.kill(-pgid, 'SIGKILL');
	} catch {
		// Nothing left in it.
	}
}

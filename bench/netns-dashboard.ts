// The real dashboard (dist/cli.js) in a detached tmux session (120×40, default interval), its
// process CPU read from /proc/<pid>/stat over windows the caller chooses: the netns bench runs
// it with and without the extra namespaces, alternately, in one session.
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync, rmSync} from 'node:fs';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {isAlive, type Print, readProcCpu, sleep} from './lib.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const SOCKET = `np-bench-${process.pid}`;
const SESSION = 'np-bench';

function tmux(args: readonly string[]) {
	const result = spawnSync('tmux', ['-L', SOCKET, ...args], {encoding: 'utf8', timeout: 10_000});
	return {ok: result.status === 0, stdout: result.stdout ?? '', stderr: (result.stderr ?? '').trim()};
}

/** Ends this bench's tmux server (and the dashboard in it). Synchronous, safe to call twice. */
export function killNetnsTmux(): void {
	spawnSync('tmux', ['-L', SOCKET, 'kill-server'], {stdio: 'ignore', timeout: 5000});
	rmSync(`${process.env.TMUX_TMPDIR || '/tmp'}/tmux-${process.getuid?.() ?? 0}/${SOCKET}`, {force: true});
}

export interface Dashboard {
	readonly pid: number;
	/** The header's first two lines now. */
	header(): string;
	/**
	 * The dashboard's CPU (user+sys, ms) over `windowMs` from now, the header at its end, and
	 * the namespace part wherever it is on screen (`netns 31 (≤10s old)`), or null.
	 */
	measure(windowMs: number): Promise<{cpuMs: number; header: string; netns: string | null}>;
	close(): Promise<void>;
}

export async function startDashboard(out: Print, expectEstablished: number): Promise<Dashboard> {
	if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
	// --timeout 20000: on the loaded shared machine a poll of 20k sockets took longer than the
	// default (the interval, 2 s) and the dashboard showed STALE for both phases; its steady cost
	// is what is measured here, so polls are let finish.
	const command = [
		'env',
		'-u',
		'CI',
		'-u',
		'CONTINUOUS_INTEGRATION',
		process.execPath,
		CLI,
		'--timeout',
		'20000',
	];
	const started = tmux([
		'-f',
		'/dev/null',
		'new-session',
		'-d',
		'-s',
		SESSION,
		'-x',
		'120',
		'-y',
		'40',
		...command,
	]);
	if (!started.ok) throw new Error(`tmux new-session failed: ${started.stderr}`);
	const pid = Number(tmux(['list-panes', '-t', SESSION, '-F', '#{pane_pid}']).stdout.trim());
	out(`  dashboard pid ${pid}: ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()}`);
	const screen = () => tmux(['capture-pane', '-p', '-t', SESSION]).stdout.split('\n');
	const header = () => screen().slice(0, 2).join(' | ');
	const deadline = performance.now() + 60_000;
	for (;;) {
		const count = Number(/established (\d+)/.exec(header())?.[1] ?? 0);
		if (count >= expectEstablished) break;
		if (!isAlive(pid)) throw new Error(`the dashboard exited during warm-up: ${header()}`);
		if (performance.now() > deadline) {
			out(`  warning: after 60 s the dashboard still shows: ${header()}`);
			break;
		}
		await sleep(250);
	}
	return {
		pid,
		header,
		async measure(windowMs) {
			const before = readProcCpu(pid);
			await sleep(windowMs);
			const after = readProcCpu(pid);
			if (!before || !after) throw new Error('the dashboard exited during the measurement');
			const netns = /netns \d+(?: \(≤\d+s old\))?/.exec(screen().join('\n'))?.[0] ?? null;
			return {
				cpuMs: (after.self + after.children - before.self - before.children) * 1000,
				header: header(),
				netns,
			};
		},
		async close() {
			tmux(['kill-session', '-t', SESSION]);
			killNetnsTmux();
			for (let i = 0; i < 60 && isAlive(pid); i++) await sleep(50);
			if (isAlive(pid)) process.kill(pid, 'SIGKILL');
		},
	};
}

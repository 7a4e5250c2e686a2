// The real dashboard (dist/cli.js) in a detached tmux session (120×40, default interval), its
// process CPU read from /proc/<pid>/stat over windows the caller chooses: the netns bench runs
// it with and without the extra namespaces, alternately, in one session.
import {existsSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {benchTmux, OUTSIDE_CI, waitForEstablished} from './bench-tmux.js';
import {isAlive, type Print, readProcCpu, sleep} from './lib.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const TMUX = benchTmux('np-bench');
const SESSION = 'np-bench';

/** Ends this bench's tmux server (and the dashboard in it). Synchronous, safe to call twice. */
export const killNetnsTmux = (): void => TMUX.kill();

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
	const command = [...OUTSIDE_CI, process.execPath, CLI, '--timeout', '20000'];
	const pid = TMUX.start(SESSION, command);
	out(`  dashboard pid ${pid}: ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()}`);
	const screen = () => TMUX.capture(SESSION).split('\n');
	const header = () => screen().slice(0, 2).join(' | ');
	await waitForEstablished(header, pid, expectEstablished, 60_000, out);
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
			TMUX.run(['kill-session', '-t', SESSION]);
			killNetnsTmux();
			for (let i = 0; i < 60 && isAlive(pid); i++) await sleep(50);
			if (isAlive(pid)) process.kill(pid, 'SIGKILL');
		},
	};
}

// A private tmux server (its own -L socket, no user config) for driving the real
// dashboard in a real pty. Every wait is bounded; `kill()` ends the server and
// with it every pane process.
import {chmod, chown, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {CLI_PATH, NODE, REPO_ROOT} from './paths.js';
import {expectNoProcess, isAlive, pidsMatching, run, uniqueToken} from './process.js';
import {STARTUP_MS, waitFor} from './wait.js';

/** This environment without what makes Ink think it runs in CI (it then renders nothing). */
export function paneEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (key === 'CI' || key === 'CONTINUOUS_INTEGRATION' || key === 'TMUX' || key === 'TMUX_PANE') continue;
		env[key] = value;
	}
	// SHELL: tmux runs the pane's command with it, else with the passwd shell, which for
	// nobody is nologin (CI starts with no SHELL).
	return {...env, SHELL: '/bin/sh', TERM: 'xterm-256color', LC_ALL: 'C.UTF-8'};
}

/** Single-quotes a word for sh. */
export const shellQuote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/** A user's uid and gid, from `id` (Node has no getpwnam). */
export async function userIds(user: string): Promise<{uid: number; gid: number}> {
	const [uid, gid] = await Promise.all(
		['-u', '-g'].map(async (flag) => {
			const result = await run('id', [flag, user], {timeoutMs: 10_000});
			if (result.code !== 0) throw new Error(`id ${flag} ${user} failed: ${result.stderr}`);
			return Number(result.stdout.trim());
		}),
	);
	return {uid: uid!, gid: gid!};
}

export class TmuxServer {
	readonly socketName = uniqueToken('sktp-e2e-');
	private started = false;

	/** `user`: run the server (and so every pane) as that user, through runuser (needs root). */
	constructor(readonly user: string | null = null) {}

	/** tmux ARGS as argv, run as this server's user. */
	private argv(args: readonly string[]): [string, string[]] {
		const tmux = ['tmux', '-L', this.socketName, '-f', '/dev/null', ...args];
		return this.user === null ? ['tmux', tmux.slice(1)] : ['runuser', ['-u', this.user, '--', ...tmux]];
	}

	/** Runs one tmux command against this server and returns its stdout. */
	async tmux(...args: string[]): Promise<string> {
		const [file, argv] = this.argv(args);
		const result = await run(file, argv, {env: paneEnv(), timeoutMs: 10_000});
		if (result.code !== 0)
			throw new Error(`tmux ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
		return result.stdout;
	}

	/**
	 * Starts the server with one detached session running `command` (through sh); `then`: more
	 * tmux commands run by the same client, after it.
	 */
	async newSession(
		name: string,
		width: number,
		height: number,
		command: string,
		then: readonly (readonly string[])[] = [],
	): Promise<void> {
		this.started = true;
		await this.tmux(
			'new-session',
			'-d',
			'-s',
			name,
			'-x',
			String(width),
			'-y',
			String(height),
			command,
			...then.flatMap((next) => [';', ...next]),
		);
	}

	async kill(): Promise<void> {
		if (!this.started) return;
		this.started = false;
		const [file, argv] = this.argv(['kill-server']);
		await run(file, argv, {env: paneEnv(), timeoutMs: 10_000}).catch(() => {});
		// The server unlinks its socket on exit; remove it if it could not.
		const uid = this.user === null ? (process.getuid?.() ?? 0) : (await userIds(this.user)).uid;
		await rm(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${uid}`, this.socketName), {force: true});
	}
}

export interface DashboardRun {
	readonly server: TmuxServer;
	/** The session (and pane) name. */
	readonly target: string;
	/** In socktop's environment (SOCKTOP_E2E_MARKER), so leftovers can be found. */
	readonly marker: string;
	/** socktop's pid (the pane's sh execs into it). */
	pid(): Promise<number>;
	capture(): Promise<string>;
	display(format: string): Promise<string>;
	sendKeys(...keys: string[]): Promise<void>;
	sendText(text: string): Promise<void>;
	/** Waits (bounded) until the pane's text satisfies `check`; returns that text. */
	waitForPane(what: string, check: (text: string) => boolean, timeoutMs?: number): Promise<string>;
	/** Waits (bounded) for socktop to exit; its exit status and `stty -a` right after. */
	waitForExit(timeoutMs?: number): Promise<{status: number; stty: string}>;
	/** Kills the tmux server and anything left, removes the temp files. Idempotent. */
	cleanup(): Promise<void>;
}

/** Printed on the normal screen before socktop starts, so the test can see it is back. */
export const NORMAL_SCREEN_LINE = 'normal screen before socktop';

/**
 * Runs the real dashboard in a fresh private tmux server:
 *   sh -c 'echo $$ > pid; exec env -u CI node dist/cli.js ARGS'; echo EXIT=$? ...
 * socktop gets the marker in its environment only (not the shell before it), so
 * `pidsMatching(marker)` finds socktop and nothing else. The pane ends by itself two minutes after
 * socktop (the server with it), should `cleanup` never run.
 */
export async function startDashboard(options: {
	args?: readonly string[];
	/** What to run instead of `node dist/cli.js ARGS` (argv, no shell). */
	command?: readonly string[];
	/** Run the tmux server, and so socktop, as this user (the test must be root). */
	user?: string;
	width?: number;
	height?: number;
}): Promise<DashboardRun> {
	const {args = [], width = 120, height = 40} = options;
	const server = new TmuxServer(options.user ?? null);
	const dir = await mkdtemp(join(tmpdir(), 'sktp-tmux-'));
	// The pane's user writes the pid, exit and stty files here.
	if (options.user !== undefined) {
		const {uid, gid} = await userIds(options.user);
		await chown(dir, uid, gid);
	}
	const marker = uniqueToken('sktpmark');
	const files = {
		pid: join(dir, 'pid'),
		exit: join(dir, 'exit'),
		stty: join(dir, 'stty'),
		output: join(dir, 'output'),
	};
	const socktop = (options.command ?? [NODE, CLI_PATH, ...args]).map(shellQuote).join(' ');
	// After socktop: its status and `stty -a` from the same terminal, then the pane
	// stays alive (bounded) so the test can ask tmux about its screen.
	const script = [
		`cd ${shellQuote(REPO_ROOT)}`,
		`echo ${shellQuote(`${NORMAL_SCREEN_LINE} ${marker}`)}`,
		`sh -c 'echo $$ > "$0"; exec env -u CI "$@"' ${shellQuote(files.pid)} SOCKTOP_E2E_MARKER=${marker} ${socktop}`,
		'status=$?',
		`stty -a > ${shellQuote(files.stty)} 2>&1`,
		`echo "EXIT=$status" > ${shellQuote(`${files.exit}.tmp`)}`,
		`mv ${shellQuote(`${files.exit}.tmp`)} ${shellQuote(files.exit)}`,
		'exec sleep 120',
		'',
	].join('\n');
	const scriptPath = join(dir, 'run.sh');
	await writeFile(scriptPath, script);
	await chmod(scriptPath, 0o755);
	const target = 'dash';

	const capture = () => server.tmux('capture-pane', '-p', '-t', target);
	let cleaned = false;
	const dashboard: DashboardRun = {
		server,
		target,
		marker,
		async pid() {
			const text = await waitFor(
				'the pid file',
				async () => {
					const content = await readFile(files.pid, 'utf8').catch(() => '');
					return content.endsWith('\n') && content;
				},
				{timeoutMs: STARTUP_MS},
			);
			return Number(text.trim());
		},
		capture,
		display: async (format) => (await server.tmux('display-message', '-p', '-t', target, format)).trim(),
		async sendKeys(...keys) {
			await server.tmux('send-keys', '-t', target, ...keys);
		},
		async sendText(text) {
			await server.tmux('send-keys', '-t', target, '-l', text);
		},
		// Bounded by the startup bound: most waits are for a poll to draw something, and a poll with
		// owners took seconds at load 26 on 2 cores (docs/test-suite.md). A bound, not a speed goal.
		// Each `tmux capture-pane` costs ≈24 ms CPU (a Node spawn and tmux's client: 300 took 7.1 s
		// CPU, load ≈5, 2026-12-01), and at one every 100 ms the waits of the tmux files captured a
		// screen that had not changed most of the time (a dashboard draws once per poll). The
		// pane's output is also appended to a file (pipe-pane, below): the screen is captured again
		// only when that file has grown since before the last capture, or a second has passed (a
		// resize reflows the screen with no output). The screen changes only with output, and all
		// output before the size was read had reached the screen when it was captured, so no state
		// is missed, only captures of the same screen.
		waitForPane(what, check, timeoutMs = STARTUP_MS) {
			let sizeAtCapture = -1;
			let capturedAt = 0;
			return waitFor(
				what,
				async () => {
					const size = await stat(files.output).then(
						(info) => info.size,
						() => -1,
					);
					if (size >= 0 && size === sizeAtCapture && Date.now() - capturedAt < 1000) return false;
					sizeAtCapture = size;
					capturedAt = Date.now();
					const text = await capture();
					return check(text) && text;
				},
				{timeoutMs, intervalMs: 100, describe: capture},
			);
		},
		async waitForExit(timeoutMs = 20_000) {
			const text = await waitFor(
				'socktop to exit',
				() => readFile(files.exit, 'utf8').catch(() => false as const),
				{timeoutMs, describe: capture},
			);
			const match = /^EXIT=(\d+)$/m.exec(text);
			if (!match) throw new Error(`unexpected exit file: ${text}`);
			return {status: Number(match[1]), stty: await readFile(files.stty, 'utf8')};
		},
		async cleanup() {
			if (cleaned) return;
			cleaned = true;
			try {
				const pid = Number((await readFile(files.pid, 'utf8').catch(() => '')).trim());
				if (pid > 0 && isAlive(pid) && pidsMatching(marker).includes(pid)) process.kill(pid, 'SIGKILL');
				await server.kill();
				await expectNoProcess(marker, 5000).catch(() => {});
			} finally {
				await rm(dir, {recursive: true, force: true});
			}
		},
	};
	try {
		await server.newSession(target, width, height, `sh ${shellQuote(scriptPath)}`, [
			['pipe-pane', '-t', target, `exec cat >> ${shellQuote(files.output)}`],
		]);
	} catch (error) {
		await dashboard.cleanup();
		throw error;
	}
	return dashboard;
}

/**
 * The first full poll has been drawn: header, both panes, footer, and the owners read (the
 * very first frame comes from the socket tables alone, its header saying `owners: reading…`).
 */
export const dashboardReady = (text: string) =>
	text.includes('socktop') &&
	// The poll's clock: `updated 12:00:01`, or the bare clock when the header is short of room
	// (80 columns with `net in … (2 netns)` beside it: another test's namespace on the machine).
	/^\s*socktop .*(updated \d|\b\d\d:\d\d:\d\d\b)/m.test(text) &&
	text.includes('Listening') &&
	text.includes('q quit') &&
	!/owners: reading|owners(…|\.\.\.)/.test(text);

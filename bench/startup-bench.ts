// Start-up cost of short commands, side by side with `node -e 0` in the same run:
// CPU (user + system, from this process's reaped-children counters) of
// `socktop --version`, `--help` and `--once`, the wall time of
// `socktop scan 127.0.0.1 --ports top1000` against nmap, and the dashboard's time to
// its first frame in tmux. Goals: --version ≤ 1.3×, --once ≤ 1.6× node -e 0 CPU;
// scan top1000 ≤ 2.0× nmap wall.
import {spawn} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {type AddressInfo, createServer, type Server} from 'node:net';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {benchTmux, keepServerRunning, OUTSIDE_CI} from './bench-tmux.js';
import {FIRST_FRAME_DEFINITION, type FirstFrameTiming, isUsefulFrame, ownersShown} from './first-frame.js';
import {
	commandOutput,
	describeSocketCount,
	median,
	met,
	ms,
	type Print,
	ratio,
	readProcCpu,
	type SummaryRow,
} from './lib.js';
import {startWatchedPane} from './pane-watch.js';
import {TmuxControl} from './tmux-control.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const NODE = process.execPath;
const RUNS = 15;
/** Each a fraction of a second: as many as the other rows, for a median that holds still. */
const SCAN_RUNS = 15;

/** Runs argv to completion; its CPU (s) from the growth of our children's counters, and its wall (ms). */
function measure(argv: readonly string[]): Promise<{cpuMs: number; wallMs: number; code: number | null}> {
	const before = readProcCpu('self')?.children ?? 0;
	const started = performance.now();
	return new Promise((resolve, reject) => {
		const child = spawn(argv[0]!, argv.slice(1), {stdio: ['ignore', 'ignore', 'ignore'], shell: false});
		const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
		child.once('error', reject);
		child.once('close', (code) => {
			clearTimeout(timer);
			const wallMs = performance.now() - started;
			const after = readProcCpu('self')?.children ?? before;
			resolve({cpuMs: (after - before) * 1000, wallMs, code});
		});
	});
}

/** Mean CPU and median wall over `runs`, interleaved with the reference so load drifts hit both. */
async function sideBySide(subjects: Record<string, readonly string[]>, runs = RUNS) {
	const names = Object.keys(subjects);
	const cpu = Object.fromEntries(names.map((name) => [name, [] as number[]]));
	const wall = Object.fromEntries(names.map((name) => [name, [] as number[]]));
	for (let i = 0; i < runs; i++) {
		for (const [name, argv] of Object.entries(subjects)) {
			const result = await measure(argv);
			if (result.code !== 0) throw new Error(`${argv.join(' ')} exited ${result.code}`);
			cpu[name]!.push(result.cpuMs);
			wall[name]!.push(result.wallMs);
		}
	}
	// CPU counters tick at 100 Hz: the mean over many runs, not the median of 10 ms steps.
	const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
	return Object.fromEntries(
		Object.keys(subjects).map((name) => [name, {cpuMs: mean(cpu[name]!), wallMs: median(wall[name]!)}]),
	) as Record<string, {cpuMs: number; wallMs: number}>;
}

function loadAverage(): string {
	try {
		return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
	} catch {
		return 'unknown';
	}
}

async function listen(): Promise<Server> {
	const server = createServer((socket) => socket.destroy());
	await new Promise<void>((resolve) => server.listen({host: '127.0.0.1', port: 0}, resolve));
	return server;
}

/**
 * The dashboard's first useful frame in tmux (bench/first-frame.ts, the memory section's
 * definition too): this bench's listeners drawn with their ports, then their owners.
 * `--netns host`: the host's table only, whatever namespaces other work made.
 */
async function firstFrame(ports: readonly number[]): Promise<FirstFrameTiming | null> {
	if (commandOutput('tmux', ['-V']) === null) return null;
	// As the memory section times it: on a running server, the screen captured when the pane
	// writes, through a control client (pane-watch.ts), not a `tmux capture-pane` spawned every
	// 10 ms (≈ 25 ms of CPU each beside the start being timed: docs/first-frame.md, 2026-12-01).
	const tmux = benchTmux('sktp-bench-start');
	let control: TmuxControl | null = null;
	try {
		keepServerRunning(tmux);
		control = await TmuxControl.open(tmux.socket, 'server-kept');
		const expect = {ports, established: 0};
		const pane = await startWatchedPane(tmux, control, 'dashboard', [
			...OUTSIDE_CI,
			NODE,
			CLI,
			'--netns',
			'host',
		]);
		try {
			const usefulMs = await pane.until((screen) => isUsefulFrame(screen, expect), 30_000);
			const ownersPending = usefulMs !== null && !ownersShown(pane.screen(), expect);
			const ownersMs =
				usefulMs === null ? null : await pane.until((screen) => ownersShown(screen, expect), 30_000);
			return {usefulMs, ownersPending, ownersMs};
		} finally {
			pane.close();
		}
	} finally {
		control?.close();
		tmux.kill();
	}
}

export async function runStartupBench(out: Print): Promise<SummaryRow[]> {
	out('## Start-up');
	if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: npm run build');
	const rows: SummaryRow[] = [];
	const row = (goal: string, measured: string, ok: boolean | null): SummaryRow => ({
		section: 'startup',
		goal,
		measured,
		verdict: ok === null ? 'info' : met(ok),
	});

	const servers = [await listen(), await listen(), await listen()];
	try {
		// In an empty network namespace when we can make one (root): a small table whatever
		// else this machine runs; else on the host as it is. With its own PID namespace and
		// /proc too: `--netns all` (the default) reads every namespace a process of /proc is
		// in, so behind `unshare -n` alone it read the host's table (40,000 sockets of other
		// benches at the time: 1.7 s of CPU instead of 0.3).
		// And with an empty /run/netns in its mount namespace: `--netns all` also reads the
		// namespaces mounted there (`ip netns add`, through nsenter), and other tests' left
		// the "small" table at 2,001 sockets and a spawn (1.5 s of CPU instead of 0.4). The
		// shell that mounts it wraps `node -e 0` too.
		const root = process.getuid?.() === 0;
		const emptyNetnsDir = [
			'sh',
			'-c',
			'if [ -d /run/netns ]; then mount -t tmpfs socktop-bench /run/netns || exit 1; fi; exec "$@"',
			'sh',
		];
		const isolation = !root
			? null
			: commandOutput('unshare', ['-n', '-p', '-f', '--mount-proc', ...emptyNetnsDir, 'true']) !== null
				? ['unshare', '-n', '-p', '-f', '--mount-proc', ...emptyNetnsDir]
				: commandOutput('unshare', ['-n', 'true']) !== null
					? ['unshare', '-n']
					: null;
		const netns = isolation !== null;
		const wrap = (argv: string[]) => (isolation ? [...isolation, ...argv] : argv);
		// Read by Node itself at every start (≈80 ms of CPU for Debian's bundle here): it
		// weighs on `node -e 0` and socktop alike, and on socktop's side of the scan.
		if (process.env.NODE_EXTRA_CA_CERTS)
			out(
				`  note: NODE_EXTRA_CA_CERTS is set (${process.env.NODE_EXTRA_CA_CERTS}): every Node start reads it`,
			);
		out(`  load average at start: ${loadAverage()}`);
		const subjects = {
			'node -e 0': wrap([NODE, '-e', '0']),
			'socktop --version': wrap([NODE, CLI, '--version']),
			// The same answer through meow (a bare --version is answered before meow loads).
			'socktop --no-color --version': wrap([NODE, CLI, '--no-color', '--version']),
			'socktop --help': wrap([NODE, CLI, '--help']),
			'socktop --once': wrap([NODE, CLI, '--once', '--timeout', '60000']),
			'socktop --once --json': wrap([NODE, CLI, '--once', '--json', '--timeout', '60000']),
		};
		const result = await sideBySide(subjects);
		const base = result['node -e 0']!.cpuMs;
		out(
			`  CPU (user + system, mean of ${RUNS}) and wall (median), ${netns ? `each in an empty network namespace (${isolation!.join(' ')})` : 'on this host'}:`,
		);
		for (const [name, value] of Object.entries(result))
			out(
				`    ${name.padEnd(30)} CPU ${ms(value.cpuMs).padStart(9)}  ${ratio(value.cpuMs / base).padStart(6)}   wall ${ms(value.wallMs)}`,
			);
		const versionRatio = result['socktop --version']!.cpuMs / base;
		const onceRatio = result['socktop --once']!.cpuMs / base;
		rows.push(row('--version CPU ≤ 1.3× node -e 0', ratio(versionRatio), versionRatio <= 1.3));
		rows.push(row('--once (small table) CPU ≤ 1.6× node -e 0', ratio(onceRatio), onceRatio <= 1.6));
		const frame = await firstFrame(servers.map((server) => (server.address() as AddressInfo).port));
		if (frame) {
			const useful = frame.usefulMs === null ? 'none in 30 s' : ms(frame.usefulMs);
			const owners = frame.ownersMs === null ? 'not in 30 s' : ms(frame.ownersMs);
			out(`  dashboard in tmux 120×40, ${describeSocketCount()}; ${FIRST_FRAME_DEFINITION}:`);
			out(
				`    first useful frame ${useful}${frame.ownersPending ? ' (owners pending)' : ''}, owners drawn ${owners}`,
			);
			rows.push(row('dashboard: first useful frame (small table)', `${useful} (owners ${owners})`, null));
		}
	} finally {
		for (const server of servers) server.close();
	}

	const nmap = commandOutput('nmap', ['--version']) !== null;
	if (nmap) {
		const scan = await sideBySide(
			{
				nmap: ['nmap', '-sT', '-T4', '-n', '--top-ports', '1000', '127.0.0.1'],
				socktop: [NODE, CLI, 'scan', '127.0.0.1', '--ports', 'top1000'],
				// What socktop's side costs without the certificates Node reads at start (info only).
				...(process.env.NODE_EXTRA_CA_CERTS
					? {
							'socktop, no extra CA': [
								'env',
								'-u',
								'NODE_EXTRA_CA_CERTS',
								NODE,
								CLI,
								'scan',
								'127.0.0.1',
								'--ports',
								'top1000',
							],
						}
					: {}),
			},
			SCAN_RUNS,
		);
		const scanRatio = scan.socktop!.wallMs / scan.nmap!.wallMs;
		out(
			`  scan CPU (mean of ${SCAN_RUNS}): socktop ${ms(scan.socktop!.cpuMs)}, nmap ${ms(scan.nmap!.cpuMs)}; load average now: ${loadAverage()}`,
		);
		out(
			`  scan 127.0.0.1 top1000 (median of ${SCAN_RUNS}): socktop ${ms(scan.socktop!.wallMs)}, nmap -sT -T4 -n ${ms(scan.nmap!.wallMs)} → ${ratio(scanRatio)}`,
		);
		rows.push(row('scan top1000 wall ≤ 2.0× nmap', ratio(scanRatio), scanRatio <= 2));
		const bare = scan['socktop, no extra CA'];
		if (bare)
			out(
				`  without NODE_EXTRA_CA_CERTS: socktop ${ms(bare.wallMs)} wall, ${ms(bare.cpuMs)} CPU → ${ratio(bare.wallMs / scan.nmap!.wallMs)} nmap's wall`,
			);
	} else {
		out('  scan: nmap is not installed (apt-get install nmap; the scan section installs it as root)');
		rows.push({
			section: 'startup',
			goal: 'scan top1000 wall ≤ 2.0× nmap',
			measured: 'no nmap',
			verdict: 'skipped',
		});
	}

	return rows;
}

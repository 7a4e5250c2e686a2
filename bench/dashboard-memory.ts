// Section "memory": what the dashboard costs the server it watches (issue 14), beside
// `watch -n2 ss -tunap` and htop in the same run, each in its own tmux pane (120×40,
// started directly, no shell), at 0, 1,000 and 10,000 held connections:
//   - first useful frame: from starting the pane until the screen shows what a user came
//     for (socktop: the header counts every held connection; watch: ss's header and rows;
//     htop: its process table);
//   - RSS (VmRSS) and peak (VmHWM) after the window, and the threads' count;
//   - CPU over the window with nothing changing (watch's includes its ss children).
import {existsSync, readdirSync} from 'node:fs';
import {delimiter, dirname} from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {countSockets} from '../source/sources/procfs/socket-count.js';
import {benchTmux, isNullFrame, keepServerRunning, NULL_PANE, OUTSIDE_CI} from './bench-tmux.js';
import {holdConnections} from './connections.js';
import {FIRST_FRAME_DEFINITION, type FrameExpectation, isUsefulFrame, ownersShown} from './first-frame.js';
import {
	commandLine,
	commandOutput,
	describeSocketCount,
	isAlive,
	met,
	type Print,
	ratio,
	readProcCpu,
	readStatusKb,
	type SummaryRow,
	sleep,
} from './lib.js';
import {
	type Breakdown,
	cleanProbeFiles,
	perSocketBytes,
	printBreakdown,
	probeBase,
	probeEnv,
	readBreakdown,
} from './memory-breakdown.js';
import {canRunInOwnNetns, runInOwnNetns} from './own-netns.js';
import {startWatchedPane} from './pane-watch.js';
import {TmuxControl} from './tmux-control.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const TMUX = benchTmux('socktop-mem');
const WINDOW_S = Number(process.env.SOCKTOP_BENCH_IDLE_S ?? 60);
// SOCKTOP_BENCH_COUNTS=1000,10000 runs some of them (alternating builds by hand, for one).
const COUNTS: readonly number[] = process.env.SOCKTOP_BENCH_COUNTS
	? process.env.SOCKTOP_BENCH_COUNTS.split(',').map(Number)
	: [0, 1000, 10_000];
const RSS_GOALS: Record<number, number> = {1000: 70, 10000: 110};
// Each pane's first frame is the median of this many starts, the panes alternated (one sample
// per run ranged 341–498 ms at 1,000 for one build: docs/first-frame.md, 2026-12-01 04:00).
const FRAME_STARTS = Number(process.env.SOCKTOP_BENCH_FRAME_STARTS ?? 5);
const FRAME_BOUND_MS = 30_000;

const tmux = (args: readonly string[]): string => {
	const result = TMUX.run(args);
	return result.ok ? result.stdout : '';
};

export const killMemoryTmux = (): void => TMUX.kill();

interface Pane {
	readonly name: string;
	readonly pid: number;
	readonly firstFrameMs: number | null;
	/** That frame still waited for owners (socktop's "owners: reading…"). */
	readonly ownersPending: boolean;
	/** socktop: when the owners were drawn too (bench/first-frame.ts). */
	readonly ownersMs?: number | null;
}

/**
 * Starts `command` in a new session and waits (≤ 30 s) until `ready(screen)`; for socktop,
 * `ready` is the first useful frame of bench/first-frame.ts, then the owners drawn. The screen
 * is looked at when the pane has written something (pane-watch.ts), through CONTROL.
 */
async function startPane(
	control: TmuxControl,
	name: string,
	command: readonly string[],
	ready: ((screen: string) => boolean) | FrameExpectation,
): Promise<Pane> {
	const watched = await startWatchedPane(TMUX, control, name, command);
	try {
		if (typeof ready !== 'function') {
			const usefulMs = await watched.until((screen) => isUsefulFrame(screen, ready), FRAME_BOUND_MS);
			const ownersPending = usefulMs !== null && !ownersShown(watched.screen(), ready);
			const ownersMs =
				usefulMs === null
					? null
					: await watched.until((screen) => ownersShown(screen, ready), FRAME_BOUND_MS);
			return {name, pid: watched.pid, firstFrameMs: usefulMs, ownersPending, ownersMs};
		}
		return {
			name,
			pid: watched.pid,
			firstFrameMs: await watched.until(ready, FRAME_BOUND_MS),
			ownersPending: false,
		};
	} finally {
		watched.close();
	}
}

async function endPane(name: string, pid: number): Promise<void> {
	tmux(['kill-session', '-t', name]);
	for (let i = 0; i < 40 && isAlive(pid); i++) await sleep(50);
}

interface FramePane {
	readonly name: string;
	readonly command: readonly string[];
	readonly ready: ((screen: string) => boolean) | FrameExpectation;
}

/**
 * Each pane started FRAME_STARTS times, the panes in turn (the order rotated each round), each
 * timed to its first frame and ended before the next starts: the times by pane.
 */
async function frameRounds(
	control: TmuxControl,
	panes: readonly FramePane[],
): Promise<Map<string, number[]>> {
	const times = new Map<string, number[]>(panes.map((pane) => [pane.name, []]));
	for (let round = 0; round < FRAME_STARTS; round++)
		for (let i = 0; i < panes.length; i++) {
			const {name, command, ready} = panes[(round + i) % panes.length]!;
			const pane = await startPane(control, name, command, ready);
			await endPane(name, pane.pid);
			if (pane.firstFrameMs !== null) times.get(name)!.push(pane.firstFrameMs);
			await sleep(300);
		}
	return times;
}

const middle = (values: readonly number[]): number | null => {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const half = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
};

const threads = (pid: number) => {
	try {
		return readdirSync(`/proc/${pid}/task`).length;
	} catch {
		return 0;
	}
};

interface Measured {
	readonly pane: Pane;
	readonly rssKb: number | null;
	readonly hwmKb: number | null;
	readonly cpuPct: number;
	readonly threads: number;
}

const NETNS_CHILD = fileURLToPath(new URL('./memory-netns-child.ts', import.meta.url));

export async function runMemoryBench(out: Print): Promise<SummaryRow[]> {
	// As root, in a new network namespace: this shared machine's other sockets would otherwise
	// count as the dashboard's, and push a "1,000 connections" run past the worker threshold.
	if (canRunInOwnNetns()) return runInOwnNetns(NETNS_CHILD, out);
	const rows: SummaryRow[] = [];
	out('## Dashboard memory, first frame and idle CPU, beside watch -n2 ss -tunap and htop');
	if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
	if (commandOutput('tmux', ['-V']) === null) throw new Error('tmux is not installed');
	const htop = commandOutput('htop', ['--version']) !== null;
	if (!htop) out('  htop not installed (apt-get install htop): no htop figures');
	// The bin run as npm links it: executed (`#!/usr/bin/env node`), with this bench's Node
	// first on PATH.
	const path = `PATH=${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;
	// `--netns host`: the bench's own namespace only. The default (every namespace on the
	// machine) also read other work's namespaces on this shared machine: 100,000 connections
	// in the "1,000" run of 2026-11-30 10:19, a feed worker at "0".
	const socktop = [...OUTSIDE_CI, path, CLI, '--netns', 'host'];
	const breakdowns: Breakdown[] = [];
	const watch = ['watch', '-n2', 'ss', '-tunap'];
	const htopCommand = ['htop'];
	out(
		`  $ ${commandLine('tmux', ['-L', TMUX.socket, 'new-session', '-d', '-x', '120', '-y', '40', ...socktop])}`,
	);
	out(`  $ ${commandLine('tmux', ['…', ...watch])}   $ ${commandLine('tmux', ['…', ...htopCommand])}`);
	out(`  (one at a time; idle CPU over ${WINDOW_S} s after the first frame and 3 s of settling)`);
	out(
		`  (${FIRST_FRAME_DEFINITION}; the screen captured when the pane writes, through one tmux control client: bench/pane-watch.ts)`,
	);
	out(
		`  (first frames: the median of ${FRAME_STARTS} starts of each pane, alternated, before the memory runs; every pane starts on a running tmux server; \`null\`: a pane that prints one line, the harness alone)`,
	);
	let control: TmuxControl | null = null;
	try {
		// A placeholder session for the whole section: otherwise each pane's session, the last one,
		// ended the server when killed, and the next pane's timer held a new server's start.
		keepServerRunning(TMUX);
		control = await TmuxControl.open(TMUX.socket, 'server-kept');
		const panes = control;
		for (const count of COUNTS) {
			const section = `memory @${count.toLocaleString('en-US')}`;
			out(`### ${count.toLocaleString('en-US')} held connections`);
			const held = count > 0 ? await holdConnections(count, out) : null;
			const first = rows.length;
			try {
				out(`  ${describeSocketCount()}`);
				const measure = async (
					name: string,
					command: readonly string[],
					ready: ((screen: string) => boolean) | FrameExpectation,
				) => {
					const pane = await startPane(panes, name, command, ready);
					await sleep(3000);
					const cpu0 = readProcCpu(pane.pid);
					const t0 = performance.now();
					// VmRSS every second over the window too: one sample at its end can land on a
					// moment's garbage (docs/memory.md, 2026-12-01), so its median and maximum are
					// printed beside it (the goal's figure stays the one at the end).
					const rssSamples: number[] = [];
					for (let second = 1; second <= WINDOW_S; second++) {
						await sleep(Math.max(0, t0 + second * 1000 - performance.now()));
						const kb = readStatusKb(pane.pid, 'VmRSS');
						if (kb !== null) rssSamples.push(kb);
					}
					const cpu1 = readProcCpu(pane.pid);
					const seconds = (performance.now() - t0) / 1000;
					const result: Measured = {
						pane,
						rssKb: readStatusKb(pane.pid, 'VmRSS'),
						hwmKb: readStatusKb(pane.pid, 'VmHWM'),
						threads: threads(pane.pid),
						cpuPct:
							cpu0 && cpu1
								? (100 * (cpu1.self + cpu1.children - cpu0.self - cpu0.children)) / seconds
								: Number.NaN,
					};
					await endPane(name, pane.pid);
					const frame =
						pane.firstFrameMs === null
							? 'no frame in 30 s'
							: `${pane.firstFrameMs.toFixed(0)} ms${pane.ownersPending ? ' (owners pending)' : ''}${pane.ownersMs === undefined ? '' : pane.ownersMs === null ? ', owners not drawn in 30 s' : `, owners drawn ${pane.ownersMs.toFixed(0)} ms`}`;
					const sorted = [...rssSamples].sort((a, b) => a - b);
					const window =
						sorted.length === 0
							? ''
							: ` (every second of the window: median ${mb(sorted[Math.floor(sorted.length / 2)]!)}, max ${mb(sorted.at(-1)!)})`;
					out(
						`  ${name.padEnd(8)} this start: first frame ${frame}; RSS ${mb(result.rssKb)}${window} (peak ${mb(result.hwmKb)}), ${result.threads} threads; CPU ${result.cpuPct.toFixed(2)} % of a core`,
					);
					return result;
				};
				// Useful (bench/first-frame.ts): the header counts every held connection and each
				// held listener's row is drawn with its port (owners may still be pending).
				const wantEstablished: FrameExpectation = {ports: held?.ports ?? [], established: count};
				// With no connection held, ss's header is all there is to show.
				const ssReady = (screen: string) => /Netid/.test(screen) && (count === 0 || /tcp/.test(screen));
				const htopReady = (screen: string) => /PID/.test(screen);
				// The first frames, each pane's median; `null` is the harness's own share of every one
				// (tmux's pane, its output streamed back, the captures).
				const frames = await frameRounds(panes, [
					{name: 'socktop', command: socktop, ready: wantEstablished},
					{name: 'watch', command: watch, ready: ssReady},
					...(htop ? [{name: 'htop', command: htopCommand, ready: htopReady}] : []),
					{name: 'null', command: NULL_PANE, ready: isNullFrame},
				]);
				const frameMs = (name: string) => middle(frames.get(name) ?? []);
				for (const [name, times] of frames) {
					const sorted = [...times].sort((a, b) => a - b);
					const median = frameMs(name);
					out(
						`  ${name.padEnd(8)} first ${name === 'socktop' ? 'useful ' : ''}frame ${median === null ? 'none in 30 s' : `median ${median.toFixed(0)} ms`} of ${times.length} starts (${sorted.map((t) => t.toFixed(0)).join(', ')})${name === 'null' ? ' (a pane that prints one line)' : ''}`,
					);
				}
				const mine = await measure('socktop', socktop, wantEstablished);
				// The same dashboard once more, with the per-thread probe (its own run: the probe's
				// GCs would change the RSS measured above).
				const base = probeBase(count);
				try {
					const probed = await startPane(
						panes,
						'probe',
						[...OUTSIDE_CI, path, ...probeEnv(base), CLI, '--netns', 'host'],
						wantEstablished,
					);
					const breakdown = await readBreakdown(base, countSockets() ?? 0);
					await endPane('probe', probed.pid);
					if (breakdown) {
						printBreakdown(breakdown, out);
						const zero = breakdowns[0];
						if (zero && count > 0) {
							const bytes = perSocketBytes(zero, breakdown);
							out(
								`    live heap per socket over the 0-connection run: ${bytes.toFixed(0)} B (${(breakdown.heapUsedMb - zero.heapUsedMb).toFixed(1)} MB for ${(breakdown.sockets - zero.sockets).toLocaleString('en-US')} more sockets)`,
							);
							rows.push({
								section,
								goal: 'live V8 heap per socket (all threads)',
								measured: `${bytes.toFixed(0)} B`,
								verdict: 'info',
							});
						}
						breakdowns.push(breakdown);
					} else out('  breakdown: the probe wrote no sample');
				} finally {
					cleanProbeFiles(base);
				}
				const ss = await measure('watch', watch, ssReady);
				const top = htop ? await measure('htop', htopCommand, htopReady) : null;
				const peers = `watch ${mb(ss.rssKb)}${top ? `, htop ${mb(top.rssKb)}` : ''}`;
				const goal = RSS_GOALS[count];
				if (goal !== undefined) {
					const ok = (mine.rssKb ?? Number.POSITIVE_INFINITY) / 1024 <= goal;
					rows.push({
						section,
						goal: `RSS ≤ ${goal} MB`,
						measured: `${mb(mine.rssKb)} (${peers})`,
						verdict: ok ? 'met' : 'NOT met',
					});
				} else rows.push({section, goal: 'RSS', measured: `${mb(mine.rssKb)} (${peers})`, verdict: 'info'});
				// The goals on the medians of the starts above, as timed from each pane's start (nothing
				// taken off); the `null` pane's figure beside them says what the harness costs.
				const socktopMs = frameMs('socktop');
				const watchMs = frameMs('watch');
				const nullMs = frameMs('null');
				const beside = `watch ${watchMs?.toFixed(0) ?? 'none'} ms, null ${nullMs?.toFixed(0) ?? 'none'} ms; medians of ${FRAME_STARTS} starts`;
				if (count === 1000 && socktopMs !== null) {
					rows.push({
						section,
						goal: 'first useful frame ≤ 300 ms',
						measured: `${socktopMs.toFixed(0)} ms (${beside})`,
						verdict: socktopMs <= 300 ? 'met' : 'NOT met',
					});
				}
				if (count > 0 && socktopMs === null)
					rows.push({
						section,
						goal:
							count === 1000 ? 'first useful frame ≤ 300 ms' : 'first useful frame ≤ 1.5× watch ss -tunap',
						measured: `no frame in 30 s (${beside})`,
						verdict: 'NOT met',
					});
				if (count === 10_000 && socktopMs !== null && watchMs !== null) {
					const r = socktopMs / watchMs;
					rows.push({
						section,
						goal: 'first useful frame ≤ 1.5× watch ss -tunap',
						measured: `${socktopMs.toFixed(0)} vs ${watchMs.toFixed(0)} ms = ${ratio(r)} (null ${nullMs?.toFixed(0) ?? 'none'} ms; medians of ${FRAME_STARTS} starts)`,
						verdict: r <= 1.5 ? 'met' : 'NOT met',
					});
				}
				if (count > 0) {
					const r = mine.cpuPct / ss.cpuPct;
					rows.push({
						section,
						goal: `idle CPU over ${WINDOW_S} s ≤ 1.0× watch -n2 ss -tunap`,
						measured: `${mine.cpuPct.toFixed(2)} % vs ${ss.cpuPct.toFixed(2)} % = ${ratio(r)}${top ? ` (htop ${top.cpuPct.toFixed(2)} %)` : ''}`,
						verdict: r <= 1.0 ? 'met' : 'NOT met',
					});
				}
				for (const row of rows.slice(first))
					out(
						`  goal: ${row.goal}: ${row.measured} → ${row.verdict === 'info' ? 'info' : met(row.verdict === 'met')}`,
					);
			} finally {
				await held?.close();
			}
		}
	} finally {
		control?.close();
		killMemoryTmux();
	}
	return rows;
}

const mb = (kb: number | null) => (kb === null ? 'n/a' : `${(kb / 1024).toFixed(0)} MB`);

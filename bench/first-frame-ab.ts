// Two builds' dashboards started alternately in tmux panes, each timed to its first useful
// frame (bench/first-frame.ts, the benches' one definition) and to its owners drawn, with the
// CPU the process had used (user + system, every thread) when that frame was seen: on this
// shared machine the wall time follows the load, the CPU much less (docs/first-frame.md).
//   node --import tsx bench/first-frame-ab.ts OLD_DIST NEW_DIST [COUNT] [ROUNDS] [COLSxROWS] [watch|null|watch+null]
// With `watch`, each round also times `watch -n2 ss -tunap` to its first frame as the memory
// bench does (ss's header and a tcp row), the reference of the 10,000-connection goal. With `null`
// (or `watch+null`), each round also times a pane whose shell prints one line: what tmux's pane,
// the shell and the capture add to every figure here (docs/first-frame.md, 2026-11-30 23:10).
// Every pane starts on a tmux server that is already running (keepServerRunning, bench-tmux.ts),
// its screen captured when it writes, through one control client (pane-watch.ts).
// As root it runs itself again in a new network namespace (loopback up), so the tables hold
// the held connections only; elsewhere it reads the machine's own namespace.
import './no-ci.js';
import {spawn} from 'node:child_process';
import {loadavg} from 'node:os';
import {fileURLToPath} from 'node:url';
import {benchTmux, isNullFrame, keepServerRunning, NULL_PANE, OUTSIDE_CI} from './bench-tmux.js';
import {holdConnections} from './connections.js';
import {type FrameExpectation, isUsefulFrame, ownersShown} from './first-frame.js';
import {isAlive, median, print, readProcCpu, sleep} from './lib.js';
import {startWatchedPane} from './pane-watch.js';
import {TmuxControl} from './tmux-control.js';

const args = process.argv.slice(2);
const [oldDist, newDist, countText = '1000', roundsText = '5', size = '120x40', references = ''] = args;
const withWatch = references.split('+').includes('watch');
const withNull = references.split('+').includes('null');
if (!oldDist || !newDist) {
	print(
		'usage: node --import tsx bench/first-frame-ab.ts OLD_DIST NEW_DIST [COUNT] [ROUNDS] [COLSxROWS] [watch|null|watch+null]',
	);
	process.exit(2);
}
if (process.getuid?.() === 0 && !process.env.SOCKTOP_BENCH_NETNS) {
	const self = fileURLToPath(import.meta.url);
	const child = spawn(
		'unshare',
		[
			'-n',
			'sh',
			'-c',
			'ip link set lo up && exec "$0" "$@"',
			process.execPath,
			'--import',
			'tsx',
			self,
			...args,
		],
		{env: {...process.env, SOCKTOP_BENCH_NETNS: '1'}, stdio: 'inherit'},
	);
	child.once('close', (code) => process.exit(code ?? 1));
} else await run(oldDist, newDist);

interface Sample {
	readonly usefulMs: number | null;
	readonly cpuMs: number | null;
	readonly ownersMs: number | null;
	/** CPU used when the owners were seen drawn: moving work after the frame does not lower it. */
	readonly ownersCpuMs: number | null;
}

async function run(oldBuild: string, newBuild: string): Promise<void> {
	const [cols = '120', rows = '40'] = size.split('x');
	const tmux = benchTmux('fr-first-frame');
	// Every pane starts on a running server, as a command typed in a terminal does.
	keepServerRunning(tmux);
	// Captures through one control client, when the pane writes (pane-watch.ts).
	const control = await TmuxControl.open(tmux.socket, 'server-kept');
	const count = Number(countText);
	const held = count > 0 ? await holdConnections(count, print) : null;
	const expect: FrameExpectation = {ports: held?.ports ?? [], established: count};
	const samples: Record<string, Sample[]> = {
		old: [],
		new: [],
		...(withWatch ? {watch: []} : {}),
		...(withNull ? {null: []} : {}),
	};
	const pane = async (label: string, dist: string): Promise<Sample> => {
		const name = `fr-${label}`;
		const watch = label === 'watch';
		const nothing = label === 'null';
		const command = watch
			? ['watch', '-n2', 'ss', '-tunap']
			: nothing
				? NULL_PANE
				: [process.execPath, `${dist}/cli.js`, '--netns', 'host'];
		const watched = await startWatchedPane(tmux, control, name, [...OUTSIDE_CI, ...command], {cols, rows});
		const {pid} = watched;
		let cpuMs: number | null = null;
		let ownersCpuMs: number | null = null;
		const cpuNow = () => {
			const cpu = readProcCpu(pid);
			return cpu ? cpu.self * 1000 : null;
		};
		const ready = nothing
			? isNullFrame
			: watch
				? (screen: string) => /Netid/.test(screen) && (count === 0 || /tcp/.test(screen))
				: (screen: string) => isUsefulFrame(screen, expect);
		const usefulMs = await watched.until(ready, 20_000);
		if (!watch && !nothing && usefulMs !== null) cpuMs = cpuNow();
		let ownersMs: number | null = null;
		if (!watch && !nothing && usefulMs !== null) {
			ownersMs = await watched.until((screen) => ownersShown(screen, expect), 20_000);
			if (ownersMs !== null) ownersCpuMs = cpuNow();
		}
		watched.close();
		tmux.run(['kill-session', '-t', name]);
		for (let i = 0; i < 40 && isAlive(pid); i++) await sleep(50);
		return {usefulMs, cpuMs, ownersMs, ownersCpuMs};
	};
	const fmt = (value: number | null) => (value === null ? 'none' : value.toFixed(0));
	try {
		for (let round = 0; round < Number(roundsText); round++) {
			const order: [string, string][] =
				round % 2 === 0
					? [
							['old', oldBuild],
							['new', newBuild],
						]
					: [
							['new', newBuild],
							['old', oldBuild],
						];
			if (withWatch) order.push(['watch', '']);
			if (withNull) order.push(['null', '']);
			for (const [label, dist] of order) {
				const sample = await pane(label, dist);
				samples[label]!.push(sample);
				print(
					`${label} ${size} useful ${fmt(sample.usefulMs)} ms (CPU ${fmt(sample.cpuMs)} ms), owners ${fmt(sample.ownersMs)} ms (CPU ${fmt(sample.ownersCpuMs)} ms); load ${(loadavg()[0] ?? 0).toFixed(2)}`,
				);
				await sleep(300);
			}
		}
	} finally {
		control.close();
		tmux.kill();
		await held?.close();
	}
	const mid = (values: (number | null)[]) => {
		const known = values.filter((value): value is number => value !== null);
		return known.length === 0 ? 'none' : median(known).toFixed(0);
	};
	for (const [label, list] of Object.entries(samples))
		print(
			`${label}: median useful ${mid(list.map((s) => s.usefulMs))} ms, CPU to it ${mid(list.map((s) => s.cpuMs))} ms, owners ${mid(list.map((s) => s.ownersMs))} ms, CPU to them ${mid(list.map((s) => s.ownersCpuMs))} ms (${list.length} runs)`,
		);
}

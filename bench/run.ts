// `npm run bench`: every section in order, then a summary. One section only:
//   npm run bench -- startup|sources|cold|dashboard|memory|idle|scan|soak|metrics|wait|traffic|netns|hosts [--profile]
// Goals are printed as met / NOT met with their numbers; the exit code is 0
// unless the bench itself fails (a section throws).
import './no-ci.js'; // before any module that loads Ink
import {cpus, loadavg, release} from 'node:os';
import {performance} from 'node:perf_hooks';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {killAllHolders} from './connections.js';
import {killBenchTmux} from './dashboard-cpu.js';
import {killMemoryTmux} from './dashboard-memory.js';
import {killHostsBench} from './hosts-bench.js';
import {killIdleTmux} from './idle-cpu.js';
import {print, printTable, type SummaryRow} from './lib.js';
import {killNetnsTmux} from './netns-dashboard.js';
import {removeAllBenchNamespaces} from './netns-holders.js';

const SECTIONS = [
	'startup',
	'sources',
	'cold',
	'dashboard',
	'memory',
	'idle',
	'scan',
	'soak',
	'metrics',
	'wait',
	'traffic',
	'netns',
	'hosts',
] as const;
type Section = (typeof SECTIONS)[number];

const SCAN_BENCH = fileURLToPath(new URL('./scan-bench.ts', import.meta.url));

function cleanup() {
	killAllHolders();
	killHostsBench();
	killBenchTmux();
	killMemoryTmux();
	killIdleTmux();
	killNetnsTmux();
	removeAllBenchNamespaces();
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	process.once(signal, () => {
		cleanup();
		process.exit(130);
	});
}

function isSummaryRow(value: unknown): value is SummaryRow {
	return typeof value === 'object' && value !== null && 'goal' in value && 'verdict' in value;
}

async function runSection(section: Section, profile: boolean): Promise<SummaryRow[]> {
	switch (section) {
		case 'startup': {
			const {runStartupBench} = await import('./startup-bench.js');
			return runStartupBench(print);
		}
		case 'sources': {
			const {runSourcesBench} = await import('./sources-bench.js');
			const rows: SummaryRow[] = [];
			for (const connections of [1000, 10_000]) {
				rows.push(...(await runSourcesBench({connections, forceProfile: profile}, print)));
				print();
			}
			return rows;
		}
		case 'hosts': {
			const {runHostsBench} = await import('./hosts-bench.js');
			return runHostsBench(print);
		}
		case 'cold': {
			const {runColdBench} = await import('./cold-bench.js');
			return runColdBench(print);
		}
		case 'memory': {
			const {runMemoryBench} = await import('./dashboard-memory.js');
			return runMemoryBench(print);
		}
		case 'idle': {
			const {runIdleBench} = await import('./idle-cpu.js');
			return runIdleBench(print);
		}
		case 'dashboard': {
			const {runDashboardBench} = await import('./dashboard-bench.js');
			return runDashboardBench(print);
		}
		case 'scan': {
			print('## Scan');
			const module = (await import(pathToFileURL(SCAN_BENCH).href)) as {
				runScanBench?: (out: typeof print) => unknown;
			};
			if (typeof module.runScanBench !== 'function')
				throw new Error('bench/scan-bench.ts does not export runScanBench(print)');
			const result = await module.runScanBench(print);
			const rows = Array.isArray(result) ? result.filter(isSummaryRow) : [];
			const {runDropBench} = await import('./scan-drop-bench.js');
			rows.push(...(await runDropBench(print)));
			return rows.length > 0
				? rows.map((row) => ({...row, section: row.section || 'scan'}))
				: [{section: 'scan', goal: '(scan bench)', measured: 'see its output above', verdict: 'info'}];
		}
		case 'metrics': {
			const {runMetricsBench} = await import('./metrics-bench.js');
			return runMetricsBench(print);
		}
		case 'wait': {
			const {runWaitBench} = await import('./wait-bench.js');
			return runWaitBench(print);
		}
		case 'traffic': {
			const {runTrafficBench} = await import('./traffic-bench.js');
			return runTrafficBench(print);
		}
		case 'netns': {
			const {runNetnsBench} = await import('./netns-bench.js');
			return runNetnsBench(print);
		}
		case 'soak': {
			const {runSoakBench} = await import('./soak-bench.js');
			return runSoakBench(print, {profile});
		}
	}
}

async function main(): Promise<number> {
	const args = process.argv.slice(2);
	const profile = args.includes('--profile');
	const wanted = args.filter((arg) => !arg.startsWith('--'));
	const unknown = wanted.filter((arg) => !(SECTIONS as readonly string[]).includes(arg));
	if (unknown.length > 0) {
		process.stderr.write(`bench: unknown section ${unknown.join(', ')} (expected ${SECTIONS.join('|')})\n`);
		return 2;
	}
	const sections = wanted.length > 0 ? (wanted as Section[]) : [...SECTIONS];
	const started = performance.now();
	print(
		`socktop bench — ${new Date().toISOString()}, Node ${process.version}, Linux ${release()}, ` +
			`${cpus().length} CPUs, load average ${loadavg()
				.map((value) => value.toFixed(2))
				.join(' ')}, uid ${process.getuid?.() ?? '?'}`,
	);
	print('Every figure and ratio below is measured in this run, on this machine.');
	print();
	const summary: SummaryRow[] = [];
	let failed = false;
	for (const section of sections) {
		try {
			summary.push(...(await runSection(section, profile)));
		} catch (error) {
			failed = true;
			const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
			print(`  ${section} FAILED: ${message}`);
			summary.push({section, goal: '(section)', measured: 'crashed, see above', verdict: 'error'});
		}
		print();
	}
	print(`## Summary (${((performance.now() - started) / 1000).toFixed(0)} s)`);
	printTable(summary, print);
	return failed ? 1 : 0;
}

main().then(
	(code) => {
		cleanup();
		process.exit(code);
	},
	(error: unknown) => {
		cleanup();
		process.stderr.write(
			`bench crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		process.exit(1);
	},
);

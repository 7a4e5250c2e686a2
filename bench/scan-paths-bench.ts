// Which thread layout should run a scan: the engine and its connects on this thread,
// or the engine here with the connects on worker threads (threaded-connect.ts).
// Runs the built modules (dist/) in this process against 127.0.0.1, alternating the
// layouts, and prints median wall and process CPU (all threads) per port list.
// Run alone: npm run build && node --import tsx bench/scan-paths-bench.ts
import {existsSync} from 'node:fs';
import {performance} from 'node:perf_hooks';
import {fileURLToPath, pathToFileURL} from 'node:url';
import type * as FdLimit from '../source/scan/fd-limit.js';
import type * as PortSpec from '../source/scan/port-spec.js';
import type * as ScanRunner from '../source/scan/scan-runner.js';
import type {ScanReport} from '../source/scan/scan-types.js';
import type {SummaryRow} from './lib.js';
import {median, type Print} from './lib.js';

const DIST = fileURLToPath(new URL('../dist/source/scan/', import.meta.url));
const HOST = '127.0.0.1';

type Layout = 'this thread' | 'connects on workers';

export async function runScanPathsBench(print: Print, runs = 5): Promise<SummaryRow[]> {
	if (!existsSync(`${DIST}scan-runner.js`)) {
		print('  thread layouts: skipped (no dist/: run `npm run build`)');
		return [];
	}
	const load = <T>(name: string) => import(pathToFileURL(`${DIST}${name}.js`).href) as Promise<T>;
	const {runPortScan} = await load<typeof ScanRunner>('scan-runner');
	const {parsePortSpec} = await load<typeof PortSpec>('port-spec');
	const {defaultConcurrency} = await load<typeof FdLimit>('fd-limit');
	const concurrency = await defaultConcurrency();
	const rows: SummaryRow[] = [];
	for (const spec of ['top1000', 'all']) {
		const parsed = parsePortSpec(spec);
		if (!parsed.ok) throw new Error(parsed.error);
		const layouts: Record<Layout, () => Promise<ScanReport>> = {
			'this thread': () => runPortScan({hosts: [HOST], ports: parsed.ports, concurrency, threads: 0}),
			'connects on workers': () =>
				runPortScan({hosts: [HOST], ports: parsed.ports, concurrency, threadsFromProbes: 0}),
		};
		const wall: Record<string, number[]> = Object.fromEntries(Object.keys(layouts).map((name) => [name, []]));
		const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(layouts).map((name) => [name, []]));
		for (let i = 0; i < runs; i++) {
			for (const [name, scan] of Object.entries(layouts)) {
				const cpuStart = process.cpuUsage();
				const started = performance.now();
				await scan();
				wall[name]!.push(performance.now() - started);
				const used = process.cpuUsage(cpuStart);
				cpu[name]!.push((used.user + used.system) / 1000);
			}
		}
		for (const name of Object.keys(layouts)) {
			const line = `${spec} ${name}: median ${median(wall[name]!).toFixed(0)} ms wall, ${median(cpu[name]!).toFixed(0)} ms CPU`;
			print(`  ${line}  (wall ${wall[name]!.map((v) => v.toFixed(0)).join(', ')})`);
			rows.push({section: 'scan', goal: `thread layout, ${spec}, ${name}`, measured: line, verdict: 'info'});
		}
	}
	return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const runs = Number(process.argv[2] ?? 5);
	await runScanPathsBench((line = '') => process.stdout.write(`${line}\n`), runs);
}

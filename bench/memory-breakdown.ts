// Where the dashboard's memory goes, thread by thread (issue 14, item 1): the dashboard is
// started once more with bench/memory-probe.mjs loaded (NODE_OPTIONS=--import), which writes
// each thread's V8 heap after a full GC; the process's RSS split into file-backed pages (the
// node binary, libraries: shared with other Node processes) and anonymous ones. This run's
// RSS is not the one the goals use (the probe collects garbage every second).
import {existsSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import type {Print} from './lib.js';
import {sleep} from './lib.js';

const PROBE = fileURLToPath(new URL('./memory-probe.mjs', import.meta.url));

interface ThreadSample {
	readonly thread: string;
	readonly heapTotalMb: number;
	readonly heapUsedMb: number;
	readonly externalMb: number;
	readonly scriptSourceMb: number;
	readonly spaces: Record<string, {committedMb: number; usedMb: number}>;
	readonly status: Record<string, number>;
}

export interface Breakdown {
	readonly sockets: number;
	readonly threads: readonly ThreadSample[];
	/** Live heap of every thread summed, MB. */
	readonly heapUsedMb: number;
}

/** The probe's environment for a dashboard started with `env … <command>`. */
export function probeEnv(base: string): string[] {
	return [`SOCKTOP_MEMORY_PROBE=${base}`, `NODE_OPTIONS=--import ${PROBE}`];
}

export function probeBase(count: number): string {
	return join(tmpdir(), `socktop-mem-probe-${process.pid}-${count}`);
}

/** Waits for the probe's samples (the main thread's, and a worker's when `wantWorker`), then reads them. */
export async function readBreakdown(base: string, sockets: number): Promise<Breakdown | null> {
	const dir = tmpdir();
	const prefix = base.slice(dir.length + 1);
	// The frame may still wait for owners; once they are in, the dashboard hands back its
	// start's heap through V8's memory reducer (threads/settle-heap.ts: 1 s, then ≈8 s):
	// 15 s lets a steady state show, not the start's.
	await sleep(15_000);
	const files = readdirSync(dir).filter((name) => name.startsWith(`${prefix}.`) && name.endsWith('.json'));
	const threads: ThreadSample[] = [];
	for (const name of files) {
		try {
			threads.push(JSON.parse(readFileSync(join(dir, name), 'utf8')) as ThreadSample);
		} catch {
			// a sample half-written: skipped
		}
		rmSync(join(dir, name), {force: true});
	}
	if (!threads.some((sample) => sample.thread === 'main')) return null;
	threads.sort((a, b) =>
		a.thread === 'main' ? -1 : b.thread === 'main' ? 1 : a.thread.localeCompare(b.thread),
	);
	return {sockets, threads, heapUsedMb: threads.reduce((sum, sample) => sum + sample.heapUsedMb, 0)};
}

export function printBreakdown(breakdown: Breakdown, out: Print): void {
	const main = breakdown.threads[0]!;
	const s = main.status;
	const mb = (kb: number | undefined) => (kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(1)} MB`);
	out(
		`  breakdown (${breakdown.sockets.toLocaleString('en-US')} sockets, separate run with the probe): process RSS ${mb(s.VmRSS)} = file-backed ${mb(s.RssFile)} (node binary, libraries) + anonymous ${mb(s.RssAnon)}; ${s.Threads} threads`,
	);
	for (const sample of breakdown.threads) {
		const space = (name: string) => sample.spaces[name];
		const young = space('new_space');
		const old = space('old_space');
		const code = space('code_space');
		const large = space('large_object_space');
		out(
			`    ${sample.thread.padEnd(9)} V8 heap ${sample.heapUsedMb.toFixed(1)} MB live of ${sample.heapTotalMb.toFixed(1)} MB committed (young ${young?.committedMb.toFixed(1)} MB, old ${old?.usedMb.toFixed(1)}/${old?.committedMb.toFixed(1)} MB, code ${code?.usedMb.toFixed(1)} MB, large objects ${large?.usedMb.toFixed(1)} MB); script source ${sample.scriptSourceMb.toFixed(1)} MB; external ${sample.externalMb.toFixed(1)} MB (mostly yoga's WebAssembly memory, reserved, touched only in part)`,
		);
	}
}

/** Live heap per socket between two breakdowns (all threads), in bytes. */
export function perSocketBytes(from: Breakdown, to: Breakdown): number {
	return ((to.heapUsedMb - from.heapUsedMb) * 1024 * 1024) / Math.max(1, to.sockets - from.sockets);
}

export function cleanProbeFiles(base: string): void {
	const dir = tmpdir();
	const prefix = base.slice(dir.length + 1);
	if (!existsSync(dir)) return;
	for (const name of readdirSync(dir))
		if (name.startsWith(`${prefix}.`)) rmSync(join(dir, name), {force: true});
}

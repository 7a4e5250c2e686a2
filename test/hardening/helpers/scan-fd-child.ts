// Run by test/hardening/scan-fd-leak.test.ts under `prlimit --nofile=64:64`: scans
// 127.0.0.1 ports 1-3000 (two listeners of its own among them) with the real connect
// functions, then starts the same scan again and cancels it midway, listing this
// process's open descriptors (/proc/self/fd) before and after each. Prints one JSON line.
import {readdirSync, readlinkSync} from 'node:fs';
import {setImmediate as nextTurn} from 'node:timers/promises';
import {deriveConcurrency, readFdBudget} from '../../../source/scan/fd-limit.js';
import {openPorts} from '../../../source/scan/scan-report.js';
import type {ConnectFn} from '../../../source/scan/scan-types.js';
import {runScan} from '../../../source/scan/scanner.js';
import {tcpConnect} from '../../../source/scan/tcp-connect.js';
import {createThreadedConnect} from '../../../source/scan/threaded-connect.js';
import {listenOnFree} from '../../scan/loopback.js';
import type {EngineRun, ScanFdReport} from './scan-fd-report.js';

const PORTS = Array.from({length: 3000}, (_, i) => i + 1);
const candidates = Array.from({length: 1000}, (_, i) => 2000 + i);
const first = await listenOnFree('127.0.0.1', candidates);
const second = await listenOnFree(
	'127.0.0.1',
	candidates.filter((port) => port > first.port),
);

/**
 * This process's open descriptors, each as "number -> what it points at" (a socket's inode
 * included), so a closed descriptor whose number is reused counts as new. The directory
 * read's own descriptor is left out.
 */
function openFds(): Set<string> {
	const fds = new Set<string>();
	for (const fd of readdirSync('/proc/self/fd')) {
		try {
			fds.add(`${fd} -> ${readlinkSync(`/proc/self/fd/${fd}`)}`);
		} catch {
			// Gone between the listing and the readlink: the listing's own descriptor.
		}
	}
	return fds;
}

/** Descriptors open now that were not in BEFORE: what a leak leaves. */
const addedSince = (before: ReadonlySet<string>) => [...openFds()].filter((fd) => !before.has(fd));

/**
 * Descriptors are closed synchronously when a handle is closed; the worker threads' go
 * when the threads have ended. Waits up to SETTLE_MS for the descriptors opened since BEFORE to
 * close (a leak stays open; an operation still in flight on another thread closes its own), then
 * returns those still open. Descriptors that were open before and have closed since are not a
 * leak (tsx's start-up connections close by themselves, sometimes midway). The wait was ≈ 100 ms
 * of loop turns: once, in a clean-clone CI run as nobody beside three other test files, a
 * worker-thread scan showed `17 -> /` there, which no run alone or four at once showed again
 * (2026-12-01; 8 + 12 runs).
 */
const SETTLE_MS = 2000;
async function settledLeaks(before: ReadonlySet<string>): Promise<string[]> {
	const until = performance.now() + SETTLE_MS;
	let added = addedSince(before);
	for (let turn = 0; added.length > 0 && performance.now() < until; turn++) {
		await nextTurn();
		if (turn % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 10));
		added = addedSince(before);
	}
	return added;
}

async function exercise(
	engine: string,
	make: () => Promise<{connect: ConnectFn; close: () => Promise<void>}>,
): Promise<EngineRun> {
	const atStart = openFds();
	// The concurrency the product derives from the limit and the descriptors open, read as
	// the dashboard's scan session does: alongside starting the engine, so not counting it.
	const concurrency = deriveConcurrency(await readFdBudget());
	let made: {connect: ConnectFn; close: () => Promise<void>};
	try {
		made = await make();
	} catch (error) {
		return {
			engine,
			concurrency: 0,
			fdsAtStart: atStart.size,
			skipped: error instanceof Error ? error.message : String(error),
		};
	}
	const run: EngineRun = {engine, concurrency, fdsAtStart: atStart.size};
	try {
		let before = openFds();
		const report = await runScan({hosts: ['127.0.0.1'], ports: PORTS, connect: made.connect, concurrency});
		run.full = {
			scanned: report.open + report.closed + report.filtered,
			filtered: report.filtered,
			open: openPorts(report).map((result) => result.port),
			leaked: await settledLeaks(before),
		};

		before = openFds();
		const controller = new AbortController();
		let done = 0;
		const cancelled = await runScan({
			hosts: ['127.0.0.1'],
			ports: PORTS,
			connect: made.connect,
			concurrency,
			signal: controller.signal,
			progressIntervalMs: 0,
			onProgress: (progress) => {
				if (progress.done >= 1000 && !controller.signal.aborted) {
					done = progress.done;
					controller.abort();
				}
			},
		});
		run.cancel = {done, cancelled: cancelled.cancelled, leaked: await settledLeaks(before)};
	} finally {
		await made.close();
	}
	run.leakedAtEnd = await settledLeaks(atStart);
	return run;
}

const runs: EngineRun[] = [];
runs.push(await exercise('this thread', async () => ({connect: tcpConnect, close: async () => {}})));
runs.push(await exercise('worker threads', () => createThreadedConnect(2)));
await first.close();
await second.close();
const report: ScanFdReport = {listeners: [first.port, second.port], runs};
process.stdout.write(`${JSON.stringify(report)}\n`);

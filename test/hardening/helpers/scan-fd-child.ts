// Run by test/hardening/scan-fd-leak.test.ts under `prlimit --nofile=64:64`: scans
// 127.0.0.1 ports 1-3000 (two listeners of its own among them) with the real connect
// functions, then starts the same scan again and cancels it midway, counting this
// process's open descriptors (/proc/self/fd) before and after each. Prints one JSON line.
import {readdirSync} from 'node:fs';
import {setImmediate as nextTurn} from 'node:timers/promises';
import {deriveConcurrency, readFdBudget} from '../../../source/scan/fd-limit.js';
import {openPorts} from '../../../source/scan/scan-report.js';
import type {ConnectFn} from '../../../source/scan/scan-types.js';
import {runScan} from '../../../source/scan/scanner.js';
import {tcpConnect} from '../../../source/scan/tcp-connect.js';
import {createThreadedConnect} from '../../../source/scan/threaded-connect.js';
import {listenOnFree} from '../../scan/loopback.js';

const PORTS = Array.from({length: 3000}, (_, i) => i + 1);
const candidates = Array.from({length: 1000}, (_, i) => 2000 + i);
const first = await listenOnFree('127.0.0.1', candidates);
const second = await listenOnFree(
	'127.0.0.1',
	candidates.filter((port) => port > first.port),
);

/** Open descriptors of this process (the directory read's own descriptor counts the same each time). */
const openFds = () => readdirSync('/proc/self/fd').length;

/**
 * Descriptors are closed synchronously when a handle is closed; the worker threads' go
 * when the threads have ended. Gives the loop a bounded number of turns to settle.
 */
async function settledFds(target: number): Promise<number> {
	let count = openFds();
	for (let turn = 0; turn < 200 && count !== target; turn++) {
		await nextTurn();
		if (turn % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 10));
		count = openFds();
	}
	return count;
}

interface EngineRun {
	engine: string;
	concurrency: number;
	full?: {scanned: number; filtered: number; open: number[]; fdsBefore: number; fdsAfter: number};
	cancel?: {done: number; cancelled: boolean; fdsBefore: number; fdsAfter: number};
	fdsAtStart: number;
	fdsAtEnd?: number;
	skipped?: string;
}

async function exercise(
	engine: string,
	make: () => Promise<{connect: ConnectFn; close: () => Promise<void>}>,
): Promise<EngineRun> {
	const fdsAtStart = openFds();
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
			fdsAtStart,
			skipped: error instanceof Error ? error.message : String(error),
		};
	}
	const run: EngineRun = {engine, concurrency, fdsAtStart};
	try {
		let fdsBefore = openFds();
		const report = await runScan({hosts: ['127.0.0.1'], ports: PORTS, connect: made.connect, concurrency});
		run.full = {
			scanned: report.open + report.closed + report.filtered,
			filtered: report.filtered,
			open: openPorts(report).map((result) => result.port),
			fdsBefore,
			fdsAfter: await settledFds(fdsBefore),
		};

		fdsBefore = openFds();
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
		run.cancel = {
			done,
			cancelled: cancelled.cancelled,
			fdsBefore,
			fdsAfter: await settledFds(fdsBefore),
		};
	} finally {
		await made.close();
	}
	run.fdsAtEnd = await settledFds(fdsAtStart);
	return run;
}

const runs: EngineRun[] = [];
runs.push(await exercise('this thread', async () => ({connect: tcpConnect, close: async () => {}})));
runs.push(await exercise('worker threads', () => createThreadedConnect(2)));
await first.close();
await second.close();
process.stdout.write(`${JSON.stringify({listeners: [first.port, second.port], runs})}\n`);

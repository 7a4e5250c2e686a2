// Worker-thread side of threaded-scan.ts: runs the whole engine on one slice of the
// ports, so no message crosses threads per port (only opens, progress and the end).
//
// workerData: ScanWorkerData. In: 'abort'. Out: ScanWorkerMessage.

import {parentPort, workerData} from 'node:worker_threads';
import type {PortResult, ScanProgress} from './scan-types.js';
import {runScan} from './scanner.js';
import {tcpConnect} from './tcp-connect.js';

export interface ScanWorkerData {
	readonly hosts: readonly string[];
	readonly ports: readonly number[];
	readonly concurrency: number;
	readonly timeoutMs?: number;
	readonly minTimeoutMs?: number;
	readonly rttFactor?: number;
	readonly progressIntervalMs: number;
}

export type ScanWorkerMessage =
	| {readonly type: 'open'; readonly result: PortResult}
	| {readonly type: 'progress'; readonly progress: ScanProgress}
	| {
			readonly type: 'done';
			readonly states: Uint8Array;
			/** [probe index, latency, ...] for open probes, indexes local to this slice. */
			readonly latency: number[];
			readonly cancelled: boolean;
	  }
	| {readonly type: 'error'; readonly message: string};

async function serve(port: NonNullable<typeof parentPort>, data: ScanWorkerData): Promise<void> {
	const controller = new AbortController();
	port.on('message', (message: unknown) => {
		if (message === 'abort') controller.abort();
	});
	const post = (message: ScanWorkerMessage, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);
	try {
		const report = await runScan({
			...data,
			connect: tcpConnect,
			signal: controller.signal,
			onOpen: (result) => post({type: 'open', result}),
			onProgress: (progress) => post({type: 'progress', progress}),
		});
		const latency: number[] = [];
		for (const [index, ms] of report.latencyMs) latency.push(index, ms);
		post({type: 'done', states: report.states, latency, cancelled: report.cancelled}, [
			report.states.buffer as ArrayBuffer,
		]);
	} catch (error) {
		post({type: 'error', message: error instanceof Error ? error.message : String(error)});
	} finally {
		port.close();
	}
}

// Errors here are only read for their code; stack capture is most of this thread's JS cost.
Error.stackTraceLimit = 0;
if (parentPort) void serve(parentPort, workerData as ScanWorkerData);

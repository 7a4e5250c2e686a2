// A scan spread over worker threads: each runs the engine (scanner.ts) with the real
// connect on every k-th port of the list, and this thread only merges. A connect
// scan is bound by per-connect kernel work done on the calling thread, so on a
// loopback `--ports all` two threads take about half the time of one. Same options,
// events and report as runScan, minus the injectable connect and clock.

import {startModuleWorker} from '../threads/start-module-worker.js';
import {OPEN, ScanError, type ScanProgress, type ScanReport, withRate} from './scan-types.js';
import type {ScanWorkerData, ScanWorkerMessage} from './scan-worker.js';
import type {ScanOptions} from './scanner.js';
import {defaultThreadCount} from './threaded-connect.js';

export type ThreadedScanOptions = Omit<ScanOptions, 'connect' | 'now' | 'setTimer'> & {
	/** Worker threads (default: one per core, at most 4). */
	readonly threads?: number;
};

/** The workers could not be started at all: callers may scan on their own thread instead. */
export class ThreadStartError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ThreadStartError';
	}
}

function combine(latest: readonly (ScanProgress | null)[], total: number, elapsedMs: number): ScanProgress {
	let done = 0;
	let open = 0;
	let closed = 0;
	let filtered = 0;
	let inFlight = 0;
	let concurrency = 0;
	let timeoutMs = 0;
	for (const p of latest) {
		if (!p) continue;
		done += p.done;
		open += p.open;
		closed += p.closed;
		filtered += p.filtered;
		inFlight += p.inFlight;
		concurrency += p.concurrency;
		timeoutMs = Math.max(timeoutMs, p.timeoutMs);
	}
	return withRate({done, total, open, closed, filtered, inFlight, concurrency, timeoutMs, elapsedMs});
}

export function runThreadedScan(options: ThreadedScanOptions): Promise<ScanReport> {
	const {hosts, ports, signal, onOpen, onProgress} = options;
	const progressIntervalMs = options.progressIntervalMs ?? 100;
	const threads = Math.max(1, Math.min(options.threads ?? defaultThreadCount(), ports.length || 1));
	const concurrency = Math.max(1, Math.floor(options.concurrency ?? 256));
	const startedAt = performance.now();
	const total = hosts.length * ports.length;
	const states = new Uint8Array(total);
	const latencyMs = new Map<number, number>();
	const latest: (ScanProgress | null)[] = Array(threads).fill(null);
	let lastEmit = Number.NEGATIVE_INFINITY;

	return new Promise<ScanReport>((resolve, reject) => {
		const workers = Array.from({length: threads}, (_, w) => {
			const data: ScanWorkerData = {
				hosts,
				ports: ports.filter((_, i) => i % threads === w),
				// Split the budget; each slice still gets at least one connect.
				concurrency: Math.max(1, Math.floor(concurrency / threads)),
				progressIntervalMs,
				...(options.timeoutMs === undefined ? {} : {timeoutMs: options.timeoutMs}),
				...(options.minTimeoutMs === undefined ? {} : {minTimeoutMs: options.minTimeoutMs}),
				...(options.rttFactor === undefined ? {} : {rttFactor: options.rttFactor}),
			};
			return startModuleWorker(import.meta.url, 'scan-worker', data);
		});
		let remaining = threads;
		let cancelled = false;
		let failure: Error | null = null;

		const abortAll = () => {
			for (const worker of workers) worker.postMessage('abort');
		};
		const onAbort = () => {
			cancelled = true;
			abortAll();
		};
		signal?.addEventListener('abort', onAbort, {once: true});
		if (signal?.aborted) onAbort();

		const finishOne = () => {
			remaining--;
			if (remaining > 0) return;
			signal?.removeEventListener('abort', onAbort);
			void Promise.all(workers.map((worker) => worker.terminate())).then(() => {
				if (failure) {
					reject(failure);
					return;
				}
				const elapsedMs = performance.now() - startedAt;
				let open = 0;
				let closed = 0;
				let filtered = 0;
				for (const code of states) {
					if (code === OPEN) open++;
					else if (code === 2) closed++;
					else if (code === 3) filtered++;
				}
				onProgress?.(combine(latest, total, elapsedMs));
				resolve({hosts, ports, states, latencyMs, open, closed, filtered, total, cancelled, elapsedMs});
			});
		};

		const merge = (w: number, slice: Uint8Array, latency: number[]) => {
			const sliceLength = Math.ceil((ports.length - w) / threads);
			for (let local = 0; local < slice.length; local++) {
				const hostIndex = Math.floor(local / sliceLength);
				const j = local - hostIndex * sliceLength;
				states[hostIndex * ports.length + j * threads + w] = slice[local]!;
			}
			for (let i = 0; i + 1 < latency.length; i += 2) {
				const local = latency[i]!;
				const hostIndex = Math.floor(local / sliceLength);
				const j = local - hostIndex * sliceLength;
				latencyMs.set(hostIndex * ports.length + j * threads + w, latency[i + 1]!);
			}
		};

		workers.forEach((worker, w) => {
			let settled = false;
			let heard = false;
			worker.on('message', (message: ScanWorkerMessage) => {
				// The engine reports progress first thing: a worker that spoke has started.
				heard = true;
				if (message.type === 'open') onOpen?.(message.result);
				else if (message.type === 'progress') {
					latest[w] = message.progress;
					const now = performance.now();
					if (onProgress && now - lastEmit >= progressIntervalMs) {
						lastEmit = now;
						onProgress(combine(latest, total, now - startedAt));
					}
				} else if (message.type === 'done' && !settled) {
					settled = true;
					merge(w, message.states, message.latency);
					finishOne();
				} else if (message.type === 'error' && !settled) {
					settled = true;
					failure ??= new ScanError(message.message);
					abortAll();
					finishOne();
				}
			});
			const broken = (why: string) => {
				if (settled) return;
				settled = true;
				failure ??= heard ? new ScanError(`scan thread failed: ${why}`) : new ThreadStartError(why);
				abortAll();
				finishOne();
			};
			worker.on('error', (error) => broken(error.message));
			worker.on('exit', (code) => broken(`exited with code ${code}`));
		});
	});
}

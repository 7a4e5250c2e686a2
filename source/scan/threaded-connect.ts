// A ConnectFn that spreads connects over worker threads. A connect scan of one host
// is bound by the kernel's per-connect work, which runs on the calling thread: two
// threads finish a loopback `--ports all` scan in roughly half the time of one.

import type {Worker} from 'node:worker_threads';
import {startModuleWorker} from '../threads/start-module-worker.js';
import {ConnectBatch, decodeResults, encodeCancel, READY} from './connect-messages.js';
import type {ConnectFn, ConnectOutcome} from './scan-types.js';

export interface ThreadedConnect {
	readonly connect: ConnectFn;
	readonly threads: number;
	/** Stops the workers (and with them any socket still open). */
	close(): Promise<void>;
}

interface Pending {
	readonly resolve: (outcome: ConnectOutcome) => void;
	readonly reject: (error: Error) => void;
	readonly worker: number;
	readonly signal: AbortSignal;
}

const ABORTED: ConnectOutcome = {error: 'ABORT_ERR'};

/**
 * Starts `threads` workers (thread-count.ts suggests how many) and resolves once every one is
 * ready to connect. No default here: thread-count.ts would then be a chunk of its own that
 * every `socktop scan` loads (scripts/build.mjs splits this module off the scan's file).
 */
export async function createThreadedConnect(threads: number): Promise<ThreadedConnect> {
	const workers: Worker[] = [];
	const pending = new Map<number, Pending>();
	const bySignal = new WeakMap<AbortSignal, Set<number>>();
	const outboxes: ConnectBatch[] = [];
	let flushQueued = false;
	let nextId = 0;
	let broken: Error | null = null;

	const failAll = (error: Error) => {
		broken ??= error;
		for (const [id, entry] of pending) {
			pending.delete(id);
			entry.reject(error);
		}
	};

	const flush = () => {
		flushQueued = false;
		outboxes.forEach((box, index) => {
			if (!box.empty) workers[index]!.postMessage(box.take());
		});
	};

	const onResults = (message: unknown) => {
		for (const [id, outcome] of decodeResults(message)) {
			const entry = pending.get(id);
			if (!entry) continue; // aborted meanwhile
			pending.delete(id);
			bySignal.get(entry.signal)?.delete(id);
			entry.resolve(outcome);
		}
	};

	const abortAll = (ids: Set<number>) => {
		const cancels: number[][] = workers.map(() => []);
		for (const id of ids) {
			const entry = pending.get(id);
			if (!entry) continue;
			pending.delete(id);
			cancels[entry.worker]!.push(id);
			entry.resolve(ABORTED);
		}
		ids.clear();
		cancels.forEach((list, index) => {
			if (list.length > 0) workers[index]!.postMessage(encodeCancel(list));
		});
	};

	const ready = Array.from({length: Math.max(1, threads)}, (_, index) => {
		const worker = startModuleWorker(import.meta.url, 'connect-worker');
		workers.push(worker);
		outboxes.push(new ConnectBatch());
		return new Promise<void>((resolve, reject) => {
			worker.on('message', (message: unknown) => {
				if (message === READY) resolve();
				else onResults(message);
			});
			worker.on('error', (error) => {
				reject(error);
				failAll(new Error(`connect thread ${index} failed: ${error.message}`));
			});
			worker.on('exit', (code) => {
				reject(new Error(`connect thread ${index} exited (${code}) before it was ready`));
				failAll(new Error(`connect thread ${index} exited (${code})`));
			});
		});
	});

	const close = async () => {
		broken ??= new Error('connect threads were closed');
		failAll(broken);
		await Promise.all(workers.map((worker) => worker.terminate()));
	};

	try {
		await Promise.all(ready);
	} catch (error) {
		await close();
		throw error;
	}

	const connect: ConnectFn = (host, port, timeoutMs, signal) =>
		new Promise<ConnectOutcome>((resolve, reject) => {
			if (broken) {
				reject(broken);
				return;
			}
			if (signal.aborted) {
				resolve(ABORTED);
				return;
			}
			const id = nextId++;
			const worker = id % workers.length;
			pending.set(id, {resolve, reject, worker, signal});
			let ids = bySignal.get(signal);
			if (!ids) {
				const set = new Set<number>();
				ids = set;
				bySignal.set(signal, set);
				signal.addEventListener('abort', () => abortAll(set), {once: true});
			}
			ids.add(id);
			outboxes[worker]!.add(id, host, port, timeoutMs);
			if (!flushQueued) {
				flushQueued = true;
				queueMicrotask(flush);
			}
		});

	return {connect, threads: workers.length, close};
}

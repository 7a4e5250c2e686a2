import type {Worker} from 'node:worker_threads';
import {sourceNameFor} from '../sources/select-source.js';
import {SourceError} from '../sources/source.js';
import {startModuleWorker} from '../threads/start-module-worker.js';
import type {DeltaFeed} from './delta-feed.js';
import type {FeedReply, FeedRequest, FeedSpec} from './feed-spec.js';
import type {PendingDelta} from './record-differ.js';

/**
 * A feed whose source is read and diffed on a worker thread (feed-worker.ts). With
 * 100,000 sockets a poll's parsing, keying and diffing, and the garbage they make,
 * stay off the thread that answers key presses; what crosses over is the delta.
 * The worker is started on the first read and again after it fails (its first delta
 * is then full); `close` ends it and never keeps the process alive.
 */
export function createWorkerFeed(spec: FeedSpec): DeltaFeed {
	let worker: Worker | null = null;
	let nextId = 1;
	// Whether the worker's last delta was applied (sent along with the next read).
	let applied = false;
	let waiting: {id: number; settle: (reply: FeedReply | Error) => void} | null = null;

	const fail = (error: Error) => {
		worker = null;
		const current = waiting;
		waiting = null;
		current?.settle(error);
	};

	const start = (): Worker => {
		const started = startModuleWorker(import.meta.url, 'feed-worker', spec);
		started.unref();
		started.on('message', (reply: FeedReply) => {
			if (waiting?.id !== reply.id) return;
			const current = waiting;
			waiting = null;
			current.settle(reply);
		});
		started.on('error', (error) => {
			if (worker === started) fail(error);
		});
		started.on('exit', (code) => {
			if (worker === started) fail(new Error(`exited with code ${code}`));
		});
		applied = false;
		return started;
	};

	return {
		name: spec.kind === 'select' ? sourceNameFor(spec.choice) : spec.name,
		read(signal) {
			worker ??= start();
			const thread = worker;
			const id = nextId++;
			const request: FeedRequest = {type: 'read', id, commit: applied};
			applied = false;
			return new Promise<PendingDelta>((resolve, reject) => {
				const onAbort = () => thread.postMessage({type: 'abort', id} satisfies FeedRequest);
				signal.addEventListener('abort', onAbort, {once: true});
				waiting = {
					id,
					settle: (reply) => {
						signal.removeEventListener('abort', onAbort);
						if (reply instanceof Error) {
							reject(new SourceError('IO', `the source's worker thread stopped: ${reply.message}`));
						} else if (reply.type === 'error') {
							reject(new SourceError(reply.code, reply.message));
						} else {
							resolve({
								delta: reply.delta,
								commit: () => {
									if (worker === thread) applied = true;
								},
							});
						}
					},
				};
				thread.postMessage(request);
			});
		},
		close() {
			const current = worker;
			fail(new Error('closed'));
			void current?.terminate();
		},
	};
}

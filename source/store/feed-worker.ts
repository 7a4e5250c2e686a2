// Worker-thread side of worker-feed.ts: reads the source and diffs it here, so the
// dashboard's thread gets only what changed (and none of a big table's garbage).
import {parentPort, workerData} from 'node:worker_threads';
import {SourceError, toSourceError} from '../sources/source.js';
import {startHeapTrim} from '../threads/heap-trim.js';
import {reduceHeap} from '../threads/reduce-heap.js';
import {SETTLE_DELAY_MS} from '../threads/settle-heap.js';
import {buildSource, type FeedReply, type FeedRequest, type FeedSpec} from './feed-spec.js';
import {type PendingDelta, RecordDiffer} from './record-differ.js';

function serve(port: NonNullable<typeof parentPort>, spec: FeedSpec): void {
	const source = buildSource(spec);
	const differ = new RecordDiffer();
	let pending: PendingDelta | null = null;
	let current: {id: number; controller: AbortController} | null = null;
	// The first full table (owners included) leaves this thread's heap grown by its read.
	let settled = false;
	const reply = (message: FeedReply) => port.postMessage(message);

	port.on('message', async (message: FeedRequest) => {
		if (message.type === 'abort') {
			if (current?.id === message.id) current.controller.abort();
			return;
		}
		// The main thread applied the last delta: it is the base of this one. If not, that
		// delta is dropped and this one is taken against the same base as it was.
		if (message.commit) pending?.commit();
		pending = null;
		const {id} = message;
		const controller = new AbortController();
		current = {id, controller};
		try {
			const ready = await source;
			// Aborted while the source was being built: a source need not expect that.
			if (controller.signal.aborted) throw new SourceError('TIMEOUT', 'aborted');
			const result = await ready.read(
				controller.signal,
				message.ownersLater ? {ownersLater: true} : undefined,
			);
			if (controller.signal.aborted) throw new SourceError('TIMEOUT', 'aborted');
			pending = await differ.diff(result);
			reply({type: 'delta', id, delta: pending.delta});
			if (!settled && !pending.delta.ownersPending) {
				settled = true;
				setTimeout(() => reduceHeap(), SETTLE_DELAY_MS).unref();
			}
		} catch (error) {
			const failure = toSourceError(error);
			reply({type: 'error', id, code: failure.code, message: failure.message, hosts: failure.hosts});
		} finally {
			if (current?.id === id) current = null;
		}
	});
}

if (parentPort) {
	serve(parentPort, workerData as FeedSpec);
	// A big table's polls leave the most garbage here (heap-trim.ts).
	startHeapTrim();
}

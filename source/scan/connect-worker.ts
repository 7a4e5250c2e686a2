// Worker-thread side of threaded-connect.ts: runs connects on this thread's event
// loop and sends outcomes back in batches (one message per loop turn, not per port).
// The message format is connect-messages.ts's.

import {parentPort} from 'node:worker_threads';
import {appendOutcome, CANCEL, CONNECT, decodeToWorker, READY, RESULT_SIZE} from './connect-messages.js';
import type {ConnectOutcome} from './scan-types.js';
import {probeTcp} from './tcp-connect.js';

/** Outcomes sent early within one loop turn, so the main thread can refill meanwhile. */
const EARLY_FLUSH = RESULT_SIZE * 64;

function serve(port: NonNullable<typeof parentPort>): void {
	const cancels = new Map<number, () => void>();
	let outbox: (number | string)[] = [];
	let flushing = false;
	const flush = () => {
		flushing = false;
		if (outbox.length === 0) return;
		const batch = outbox;
		outbox = [];
		port.postMessage(batch);
	};
	const report = (id: number, outcome: ConnectOutcome) => {
		cancels.delete(id);
		if (typeof outcome === 'object' && 'error' in outcome && outcome.error === 'ABORT_ERR') return; // the main thread has moved on
		appendOutcome(outbox, id, outcome);
		if (outbox.length >= EARLY_FLUSH) flush();
		else if (!flushing) {
			flushing = true;
			setImmediate(flush);
		}
	};
	port.on('message', (raw: unknown) => {
		const message = decodeToWorker(raw);
		if (message?.kind === CONNECT) {
			for (const {id, host, port: target, timeoutMs} of message.requests) {
				let finished = false;
				const cancel = probeTcp(host, target, timeoutMs, (outcome) => {
					finished = true;
					report(id, outcome);
				});
				if (!finished) cancels.set(id, cancel);
			}
		} else if (message?.kind === CANCEL) {
			for (const id of message.ids) cancels.get(id)?.();
		}
	});
	port.postMessage(READY);
}

// Errors here are only read for their code; stack capture is most of this thread's JS cost.
Error.stackTraceLimit = 0;
if (parentPort) serve(parentPort);

// Worker-thread side of threaded-connect.ts: runs connects on this thread's event
// loop and sends outcomes back in batches (one message per loop turn, not per port).
//
// In:  ['connect', id, host, port, timeoutMs, id, host, port, timeoutMs, ...]
//      ['cancel', id, id, ...]
// Out: 'ready' once, then [id, outcome, rttMs, id, outcome, rttMs, ...] where outcome
//      is 1 open, 2 closed, 3 timeout, or an error code string; rttMs is -1 if unknown.

import {parentPort} from 'node:worker_threads';
import type {ConnectOutcome} from './scan-types.js';
import {probeTcp} from './tcp-connect.js';

function encode(outcome: ConnectOutcome): [number | string, number] {
	if (outcome === 'open') return [1, -1];
	if (outcome === 'closed') return [2, -1];
	if (outcome === 'timeout') return [3, -1];
	if ('state' in outcome) return [outcome.state === 'open' ? 1 : 2, outcome.rttMs];
	return [outcome.error, -1];
}

const EARLY_FLUSH = 3 * 64;

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
		outbox.push(id, ...encode(outcome));
		// Send in slices so the main thread can refill while this loop turn goes on.
		if (outbox.length >= EARLY_FLUSH) flush();
		else if (!flushing) {
			flushing = true;
			setImmediate(flush);
		}
	};
	port.on('message', (message: unknown[]) => {
		if (message[0] === 'connect') {
			for (let i = 1; i + 3 < message.length; i += 4) {
				const id = message[i] as number;
				let finished = false;
				const cancel = probeTcp(
					message[i + 1] as string,
					message[i + 2] as number,
					message[i + 3] as number,
					(o) => {
						finished = true;
						report(id, o);
					},
				);
				if (!finished) cancels.set(id, cancel);
			}
		} else if (message[0] === 'cancel') {
			for (let i = 1; i < message.length; i++) cancels.get(message[i] as number)?.();
		}
	});
	port.postMessage('ready');
}

// Errors here are only read for their code; stack capture is most of this thread's JS cost.
Error.stackTraceLimit = 0;
if (parentPort) serve(parentPort);

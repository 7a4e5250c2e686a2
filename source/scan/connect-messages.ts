// The messages between threaded-connect.ts (this side) and connect-worker.ts (the
// worker): encoded and decoded here only, as flat arrays so that one structured
// clone carries a whole batch.
//
// To the worker:   [CONNECT, id, host, port, timeoutMs, id, host, port, timeoutMs, ...]
//                  [CANCEL, id, id, ...]
// From the worker: READY once, then [id, outcome, rttMs, id, outcome, rttMs, ...]
//
// An outcome on the wire is a word: WIRE_OPEN, WIRE_CLOSED, WIRE_TIMEOUT, or an error
// code (`EHOSTUNREACH`...; error codes start with `E` or are `ABORT_ERR`, so they never
// collide with the words). No numbers: nothing to confuse with ScanReport's state codes.

import type {ConnectOutcome} from './scan-types.js';

export const CONNECT = 'connect';
export const CANCEL = 'cancel';
export const READY = 'ready';

const WIRE_OPEN = 'open';
const WIRE_CLOSED = 'closed';
const WIRE_TIMEOUT = 'timeout';
/** rttMs on the wire when the worker did not measure one. */
const NO_RTT = -1;

export interface ConnectRequest {
	readonly id: number;
	readonly host: string;
	readonly port: number;
	readonly timeoutMs: number;
}

export type ToWorker =
	| {readonly kind: typeof CONNECT; readonly requests: ConnectRequest[]}
	| {readonly kind: typeof CANCEL; readonly ids: number[]};

/** A batch of connect requests being filled: append, then send `.message` when not empty. */
export class ConnectBatch {
	message: (string | number)[] = [CONNECT];
	get empty(): boolean {
		return this.message.length === 1;
	}
	add(id: number, host: string, port: number, timeoutMs: number): void {
		this.message.push(id, host, port, timeoutMs);
	}
	take(): (string | number)[] {
		const message = this.message;
		this.message = [CONNECT];
		return message;
	}
}

export const encodeCancel = (ids: readonly number[]): (string | number)[] => [CANCEL, ...ids];

/** A message to the worker, or null when it is not one. */
export function decodeToWorker(message: unknown): ToWorker | null {
	if (!Array.isArray(message)) return null;
	if (message[0] === CONNECT) {
		const requests: ConnectRequest[] = [];
		for (let i = 1; i + 3 < message.length; i += 4)
			requests.push({
				id: message[i] as number,
				host: message[i + 1] as string,
				port: message[i + 2] as number,
				timeoutMs: message[i + 3] as number,
			});
		return {kind: CONNECT, requests};
	}
	if (message[0] === CANCEL) return {kind: CANCEL, ids: message.slice(1) as number[]};
	return null;
}

/** Appends one outcome to a results batch (three entries). */
export function appendOutcome(batch: (string | number)[], id: number, outcome: ConnectOutcome): void {
	if (typeof outcome === 'string') {
		batch.push(
			id,
			outcome === 'open' ? WIRE_OPEN : outcome === 'closed' ? WIRE_CLOSED : WIRE_TIMEOUT,
			NO_RTT,
		);
	} else if ('state' in outcome) {
		batch.push(id, outcome.state === 'open' ? WIRE_OPEN : WIRE_CLOSED, outcome.rttMs);
	} else batch.push(id, outcome.error, NO_RTT);
}

/** Each (id, outcome) of a results batch from the worker; nothing for anything else. */
export function* decodeResults(message: unknown): Generator<[number, ConnectOutcome]> {
	if (!Array.isArray(message)) return;
	for (let i = 0; i + 2 < message.length; i += 3) {
		const word: unknown = message[i + 1];
		const rttMs: unknown = message[i + 2];
		const measured = typeof rttMs === 'number' && rttMs >= 0;
		let outcome: ConnectOutcome;
		if (word === WIRE_OPEN || word === WIRE_CLOSED) {
			const state = word === WIRE_OPEN ? 'open' : 'closed';
			outcome = measured ? {state, rttMs} : state;
		} else if (word === WIRE_TIMEOUT) outcome = 'timeout';
		else outcome = {error: typeof word === 'string' ? word : 'EUNKNOWN'};
		yield [message[i] as number, outcome];
	}
}

/** Entries per outcome in a results batch. */
export const RESULT_SIZE = 3;

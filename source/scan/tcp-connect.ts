import {isLoopbackAddress} from '../model/address.js';
import type {Dial} from './dial.js';
import {dialRaw} from './dial-raw.js';
import {dialSocket} from './dial-socket.js';
import {monotonicMs} from './monotonic-ms.js';
import {rawProbe} from './raw-probe.js';
import type {ConnectFn, ConnectOutcome} from './scan-types.js';

/**
 * One connect attempt with callbacks: `done` runs once, never within the call that starts it; the returned
 * function abandons it, and `done` then runs with ABORT_ERR (unless it already ran).
 */
export type Probe = (
	host: string,
	port: number,
	timeoutMs: number,
	done: (outcome: ConnectOutcome) => void,
) => () => void;

/** The fastest dialer this Node offers. */
export const defaultDial: Dial = dialRaw ?? dialSocket;

/**
 * A probe over `dial`: times the connect out, measures its round trip, and never
 * reports a connection to ourselves as open. The socket is closed and the timer
 * cleared before `done` runs.
 */
export function createProbe(dial: Dial = defaultDial): Probe {
	const attempt = (
		host: string,
		port: number,
		timeoutMs: number,
		confirmOpen: boolean,
		done: (outcome: ConnectOutcome) => void,
	): (() => void) => {
		const startedAt = monotonicMs();
		let finished = false;
		let cancelConfirm: (() => void) | null = null;
		const finish = (outcome: ConnectOutcome) => {
			if (finished) return;
			finished = true;
			clearTimeout(timer);
			close();
			cancelConfirm?.();
			done(outcome);
		};
		const close = dial(host, port, (result) => {
			if (finished) return;
			const rttMs = monotonicMs() - startedAt;
			if (!result.connected) {
				if (result.code === 'ECONNREFUSED') finish({state: 'closed', rttMs});
				else if (result.code === 'ETIMEDOUT') finish('timeout');
				else finish({error: result.code});
				return;
			}
			// A connect to a free port in the ephemeral range can be handed that same port as
			// its source and "succeed" by connecting to itself (TCP simultaneous open). That
			// only happens when nothing is bound to the port, so the port is closed.
			if (result.localPort === port && result.localAddress === host) {
				finish({state: 'closed', rttMs});
				return;
			}
			if (!confirmOpen) {
				finish({state: 'open', rttMs});
				return;
			}
			// On loopback two of our own connects (other threads too) can meet each other in a
			// simultaneous open. A real listener accepts a second connect; a chance meeting is
			// refused, so "open" is confirmed once (open ports are few: this costs little).
			clearTimeout(timer);
			close();
			cancelConfirm = attempt(host, port, timeoutMs, false, (second) => {
				cancelConfirm = null;
				const refused = typeof second === 'object' && 'state' in second && second.state === 'closed';
				finish({state: refused ? 'closed' : 'open', rttMs});
			});
		});
		const timer = setTimeout(() => finish('timeout'), timeoutMs);
		return () => finish({error: 'ABORT_ERR'});
	};
	return (host, port, timeoutMs, done) => attempt(host, port, timeoutMs, isLoopbackAddress(host), done);
}

/** The probe the worker threads and tcpConnect use: raw-probe.ts's when Node offers its handle. */
export const probeTcp: Probe = rawProbe ?? createProbe();

// One abort listener per signal rather than one per socket: a scan shares a
// single signal across thousands of connects.
const abortHooks = new WeakMap<AbortSignal, Set<() => void>>();

function onAbort(signal: AbortSignal, hook: () => void): () => void {
	let hooks = abortHooks.get(signal);
	if (!hooks) {
		const set = new Set<() => void>();
		hooks = set;
		abortHooks.set(signal, set);
		signal.addEventListener('abort', () => {
			for (const fn of [...set]) fn();
			set.clear();
		});
	}
	hooks.add(hook);
	const owned = hooks;
	return () => owned.delete(hook);
}

/** A ConnectFn over `probe`, on this thread's event loop. */
export function createTcpConnect(probe: Probe = probeTcp): ConnectFn {
	return (host, port, timeoutMs, signal) =>
		new Promise((resolve) => {
			if (signal.aborted) {
				resolve({error: 'ABORT_ERR'});
				return;
			}
			let settled = false;
			let forget = () => {};
			const cancel = probe(host, port, timeoutMs, (outcome) => {
				settled = true;
				forget();
				resolve(outcome);
			});
			if (!settled) forget = onAbort(signal, cancel);
		});
}

/** The real connect function, on this thread's event loop. */
export const tcpConnect: ConnectFn = createTcpConnect();

// The TCP connect scan engine. Network access is the injected `connect`, time is
// the injected `now`/`setTimer`, so every behaviour here is testable without sockets.
//
// Events are plain callbacks (no async iterator), both optional:
//   onOpen(result)     – each open port, as soon as it is found;
//   onProgress(stats)  – at most every `progressIntervalMs`, and once at the end.
//
// Rules:
//   open / closed      – final at the first answer; their round trip feeds the timeout.
//   timeout            – retried once (after the first pass), then `filtered`: only
//                        silence is `filtered`.
//   any other error    – `unreachable` at once, with its code (EHOSTUNREACH, ENETUNREACH,
//                        EINVAL for a link-local address without its interface, EACCES
//                        for a prohibited route...): the kernel answered for the host.
//   EMFILE & co.       – never a result: the port is retried after a pause with a
//                        lower concurrency. The scan fails (ScanError) only after
//                        many pauses in a row without a single answer in between.
//   EADDRNOTAVAIL      – no free local port (a resource, as above) once the host has
//                        answered; before that, no local address can reach it (e.g. ::1
//                        where IPv6 is off): `unreachable`.
//   cancel (signal)    – in-flight connects are aborted, the pause timer cleared, and the
//                        promise resolves once every connect has settled (cancelled: true).

import {setMaxListeners} from 'node:events';
import {errorMessage} from '../model/error-message.js';
import {monotonicMs} from './monotonic-ms.js';
import {
	CLOSED,
	type ConnectFn,
	type ConnectOutcome,
	FILTERED,
	OPEN,
	type PortResult,
	ScanError,
	type ScanProgress,
	type ScanReport,
	UNREACHABLE,
	withRate,
} from './scan-types.js';
import type {Probe} from './tcp-connect.js';

export interface ScanOptions {
	/** Addresses (resolve names first: see target.ts). */
	readonly hosts: readonly string[];
	readonly ports: readonly number[];
	readonly connect: ConnectFn;
	/**
	 * The same connect as a callback (tcp-connect.ts), used instead of `connect` when given:
	 * no Promise, `then` and abort listener per connect. On this thread's event loop only.
	 */
	readonly probe?: Probe;
	/** Most connects in flight at once (see fd-limit.ts for a safe value). Default 256. */
	readonly concurrency?: number;
	/** Longest wait for one connect attempt. Default 1500 ms. */
	readonly timeoutMs?: number;
	/** Shortest wait once round trips are known. Default 200 ms (capped at timeoutMs). */
	readonly minTimeoutMs?: number;
	/** Wait = this × the slowest open/closed round trip seen on the host. Default 10. */
	readonly rttFactor?: number;
	readonly signal?: AbortSignal;
	readonly onOpen?: (result: PortResult) => void;
	readonly onProgress?: (progress: ScanProgress) => void;
	/** Default 100 ms; 0 reports after every answer. */
	readonly progressIntervalMs?: number;
	readonly now?: () => number;
	/** Runs `fn` after `ms`; returns a function that cancels it. */
	readonly setTimer?: (fn: () => void, ms: number) => () => void;
	/**
	 * Most connects started in one turn of the event loop; the rest start from a
	 * setImmediate, after the loop has taken the answers already in. Default: no limit.
	 */
	readonly launchesPerTurn?: number;
}

const RESOURCE_ERRORS = new Set(['EMFILE', 'ENFILE', 'ENOBUFS', 'ENOMEM', 'EAGAIN']);
/** Pauses in a row (no answer in between) before giving up: 10 ms doubling to 1 s, ~5 s in all. */
const MAX_RESOURCE_PAUSES = 10;
const MAX_PAUSE_MS = 1000;
const MAX_ATTEMPTS = 2;

const defaultTimer = (fn: () => void, ms: number) => {
	const timer = setTimeout(fn, ms);
	return () => clearTimeout(timer);
};

function answer(outcome: ConnectOutcome): {state: 'open' | 'closed'; rttMs: number | null} | null {
	if (outcome === 'open' || outcome === 'closed') return {state: outcome, rttMs: null};
	if (typeof outcome === 'object' && outcome !== null && 'state' in outcome)
		return {state: outcome.state === 'open' ? 'open' : 'closed', rttMs: outcome.rttMs};
	return null;
}

function errorCode(value: unknown): string {
	const code = (value as {error?: unknown; code?: unknown} | null)?.error;
	return typeof code === 'string' ? code : 'EUNKNOWN';
}

export function runScan(options: ScanOptions): Promise<ScanReport> {
	const {hosts, ports, connect, probe, signal, onOpen, onProgress} = options;
	const now = options.now ?? monotonicMs;
	const setTimer = options.setTimer ?? defaultTimer;
	const maxConcurrency = Math.max(1, Math.floor(options.concurrency ?? 256));
	const ceiling = Math.max(1, options.timeoutMs ?? 1500);
	const floor = Math.min(ceiling, Math.max(1, options.minTimeoutMs ?? 200));
	const rttFactor = options.rttFactor ?? 10;
	const progressIntervalMs = options.progressIntervalMs ?? 100;
	const launchesPerTurn = Math.max(1, options.launchesPerTurn ?? Number.POSITIVE_INFINITY);

	const portCount = ports.length;
	const total = hosts.length * portCount;
	const states = new Uint8Array(total);
	const attempts = new Uint8Array(total);
	const latencyMs = new Map<number, number>();
	const errors = new Map<number, string>();
	const slowestRtt = new Float64Array(hosts.length);
	const hasRtt = new Uint8Array(hosts.length);
	// Work order: ports put back after EMFILE first, then the first pass, then timeout retries
	// (last, so they use the timeout learnt during the first pass).
	const putBack: number[] = [];
	const retries: number[] = [];
	let cursor = 0;
	let retryHead = 0;

	let limit = maxConcurrency;
	let inFlight = 0;
	let done = 0;
	let open = 0;
	let closed = 0;
	let filtered = 0;
	let unreachable = 0;
	let pauses = 0;
	let cancelPause: (() => void) | null = null;
	let stopped = false;
	let cancelled = false;
	let failure: Error | null = null;
	let lastProgressAt = Number.NEGATIVE_INFINITY;
	const startedAt = now();
	// One abort for every in-flight connect; listeners are many, so lift the leak warning.
	const controller = new AbortController();
	setMaxListeners(0, controller.signal);
	// With a probe: each in-flight connect's cancel, by work index (a stop calls them).
	const cancels: ((() => void) | undefined)[] | null = probe ? [] : null;

	const timeoutFor = (hostIndex: number): number =>
		hasRtt[hostIndex] === 0
			? ceiling
			: Math.min(ceiling, Math.max(floor, Math.ceil(rttFactor * slowestRtt[hostIndex]!)));

	const progress = (): ScanProgress =>
		withRate({
			done,
			total,
			open,
			closed,
			filtered,
			unreachable,
			inFlight,
			concurrency: limit,
			timeoutMs: hosts.length > 0 ? timeoutFor(0) : ceiling,
			elapsedMs: Math.max(0, now() - startedAt),
		});

	const emitProgress = (force: boolean) => {
		if (!onProgress) return;
		const at = now();
		if (!force && at - lastProgressAt < progressIntervalMs) return;
		lastProgressAt = at;
		onProgress(progress());
	};

	return new Promise<ScanReport>((resolve, reject) => {
		let settled = false;

		const finishIfIdle = () => {
			if (settled || inFlight > 0 || !(stopped || done === total)) return;
			settled = true;
			signal?.removeEventListener('abort', onAbort);
			cancelPause?.();
			cancelPause = null;
			if (failure) {
				reject(failure);
				return;
			}
			emitProgress(true);
			resolve({
				hosts,
				ports,
				states,
				latencyMs,
				errors,
				open,
				closed,
				filtered,
				unreachable,
				total,
				cancelled,
				elapsedMs: Math.max(0, now() - startedAt),
			});
		};

		const stop = (error: Error | null) => {
			if (stopped) return;
			stopped = true;
			failure = error;
			controller.abort();
			if (cancels) for (const cancel of cancels) cancel?.();
			cancelPause?.();
			cancelPause = null;
			finishIfIdle();
		};

		function onAbort() {
			cancelled = true;
			stop(null);
		}

		const finalize = (index: number, code: number, rtt: number | null, error?: string) => {
			states[index] = code;
			done++;
			if (code === OPEN) {
				open++;
				latencyMs.set(index, rtt ?? 0);
				if (onOpen) {
					const hostIndex = Math.floor(index / portCount);
					onOpen({
						host: hosts[hostIndex]!,
						port: ports[index - hostIndex * portCount]!,
						state: 'open',
						latencyMs: rtt,
					});
				}
			} else if (code === CLOSED) closed++;
			else if (code === UNREACHABLE) {
				unreachable++;
				errors.set(index, error ?? 'EUNKNOWN');
			} else filtered++;
			emitProgress(false);
		};

		const noAnswer = (index: number) => {
			attempts[index]!++;
			if (attempts[index]! >= MAX_ATTEMPTS) finalize(index, FILTERED, null);
			else retries.push(index);
		};

		const outOfResources = (index: number, code: string) => {
			putBack.push(index);
			if (cancelPause) return; // already pausing for this burst
			pauses++;
			if (pauses > MAX_RESOURCE_PAUSES) {
				stop(
					new ScanError(
						code === 'EMFILE' || code === 'ENFILE'
							? `cannot open sockets (${code}) even at concurrency ${limit}: raise the open-file limit (ulimit -n) or close other connections`
							: `cannot connect (${code}) even at concurrency ${limit}: no local address or port is free for this target`,
					),
				);
				return;
			}
			// Halve once per burst: connects still in flight fail the same way right after.
			limit = Math.max(1, Math.floor(Math.min(limit, inFlight + 1) / 2));
			cancelPause = setTimer(
				() => {
					cancelPause = null;
					pump();
				},
				Math.min(MAX_PAUSE_MS, 10 * 2 ** (pauses - 1)),
			);
		};

		const handle = (index: number, hostIndex: number, outcome: ConnectOutcome, startedAt: number) => {
			const answered = answer(outcome);
			if (answered) {
				pauses = 0;
				const measured = answered.rttMs;
				const rtt = Math.max(
					0,
					typeof measured === 'number' && Number.isFinite(measured) ? measured : now() - startedAt,
				);
				if (hasRtt[hostIndex] === 0 || rtt > slowestRtt[hostIndex]!) slowestRtt[hostIndex] = rtt;
				hasRtt[hostIndex] = 1;
				finalize(index, answered.state === 'open' ? OPEN : CLOSED, answered.state === 'open' ? rtt : null);
				return;
			}
			if (outcome === 'timeout') {
				pauses = 0;
				noAnswer(index);
				return;
			}
			const code = errorCode(outcome);
			if (RESOURCE_ERRORS.has(code) || (code === 'EADDRNOTAVAIL' && hasRtt[hostIndex] === 1)) {
				outOfResources(index, code);
				return;
			}
			pauses = 0;
			finalize(index, UNREACHABLE, null, code);
		};

		const settle = (index: number, hostIndex: number, outcome: ConnectOutcome, startedAt: number) => {
			inFlight--;
			if (!stopped) {
				try {
					handle(index, hostIndex, outcome, startedAt);
				} catch (error) {
					stop(error instanceof Error ? error : new Error(String(error)));
				}
			}
			if (stopped) finishIfIdle();
			else pump();
		};

		const broken = (error: unknown) => {
			inFlight--;
			const message = errorMessage(error);
			stop(new ScanError(`port scan failed: ${message}`));
			finishIfIdle();
		};

		const launch = (index: number) => {
			const hostIndex = Math.floor(index / portCount);
			const timeoutMs = timeoutFor(hostIndex);
			inFlight++;
			const startedAt = now();
			if (probe && cancels) {
				const host = hosts[hostIndex]!;
				const port = ports[index - hostIndex * portCount]!;
				try {
					// A probe answers later (tcp-connect.ts); were it at once, the cancel kept after
					// it would be harmless: a finished probe ignores its cancel.
					cancels[index] = probe(host, port, timeoutMs, (outcome) => {
						cancels[index] = undefined;
						settle(index, hostIndex, outcome, startedAt);
					});
				} catch (error) {
					broken(error);
				}
				return;
			}
			let attempt: Promise<ConnectOutcome>;
			try {
				attempt = connect(
					hosts[hostIndex]!,
					ports[index - hostIndex * portCount]!,
					timeoutMs,
					controller.signal,
				);
			} catch (error) {
				attempt = Promise.reject(error);
			}
			attempt.then((outcome) => settle(index, hostIndex, outcome, startedAt), broken);
		};

		const next = (): number => {
			if (putBack.length > 0) return putBack.pop()!;
			if (cursor < total) return cursor++;
			if (retryHead < retries.length) return retries[retryHead++]!;
			return -1;
		};

		let launchedThisTurn = 0;
		let resumeQueued = false;
		const resume = () => {
			resumeQueued = false;
			launchedThisTurn = 0;
			pump();
		};

		function pump() {
			while (!stopped && cancelPause === null && inFlight < limit) {
				if (launchedThisTurn >= launchesPerTurn) {
					if (!resumeQueued) {
						resumeQueued = true;
						setImmediate(resume);
					}
					break;
				}
				const index = next();
				if (index === -1) break;
				launchedThisTurn++;
				launch(index);
			}
			finishIfIdle();
		}

		if (signal?.aborted) {
			onAbort();
			return;
		}
		signal?.addEventListener('abort', onAbort, {once: true});
		emitProgress(true);
		pump();
	});
}

// The Probe of tcp-connect.ts (createProbe over dial-raw.ts), written straight on Node's TCP
// handle for the scans of the CLI's thread and the connect threads: the same answers, with one
// object per connect where the layered one made about ten (closures for the dial, its
// completion, the close, the timeout and its Timeout object). In a `scan 127.0.0.1 --ports
// top1000` those were 1.1 KB per connect, three young-generation collections during the scan,
// and launching the 1,000 connects took half again as much CPU as a bare loop over the same
// handle (docs/scan-start.md). Timeouts share one timer, armed for the earliest deadline.
// createProbe stays the reference (and the path of net.Socket); test/scan/loopback-scan.test.ts
// runs both on real sockets.

import {isLoopbackAddress} from '../model/address.js';
import {type ConnectReq, errorName, type TcpHandle, type TcpWrap, tcpWrap} from './dial-raw.js';
import {monotonicMs} from './monotonic-ms.js';
import type {ConnectOutcome} from './scan-types.js';
import type {Probe} from './tcp-connect.js';

/** One connect in flight; `req.attempt` leads back to it from the shared completion. */
interface Attempt {
	handle: TcpHandle | null;
	readonly host: string;
	readonly port: number;
	readonly timeoutMs: number;
	readonly startedAt: number;
	readonly deadline: number;
	readonly confirmOpen: boolean;
	/** The outcome's receiver; null once it has run (or the attempt was abandoned). */
	done: ((outcome: ConnectOutcome) => void) | null;
	/** The second connect that confirms an open loopback port (see below). */
	confirm: Attempt | null;
}

type AttemptReq = ConnectReq & {attempt?: Attempt};

/** Names of libuv statuses met so far: one getSystemErrorName per kind, not one per refused port. */
const statusNames = new Map<number, string>();
function statusName(status: number): string {
	let name = statusNames.get(status);
	if (name === undefined) {
		name = errorName(status);
		statusNames.set(status, name);
	}
	return name;
}

/** A connect that did not connect, as createProbe reads it. */
const failed = (code: string, rttMs: number): ConnectOutcome =>
	code === 'ECONNREFUSED' ? {state: 'closed', rttMs} : code === 'ETIMEDOUT' ? 'timeout' : {error: code};

function createRawProbe(wrap: TcpWrap): Probe {
	const live = new Set<Attempt>();
	let timer: NodeJS.Timeout | null = null;
	let timerAt = Number.POSITIVE_INFINITY;

	const disarm = () => {
		if (timer) clearTimeout(timer);
		timer = null;
		timerAt = Number.POSITIVE_INFINITY;
	};
	const arm = (deadline: number) => {
		if (deadline >= timerAt) return;
		if (timer) clearTimeout(timer);
		timerAt = deadline;
		timer = setTimeout(sweep, Math.max(1, Math.ceil(deadline - monotonicMs())));
	};
	function sweep() {
		timer = null;
		timerAt = Number.POSITIVE_INFINITY;
		const now = monotonicMs();
		let next = Number.POSITIVE_INFINITY;
		// An outcome can start new attempts (added to the set while this walks it): they are
		// seen here too, and their deadlines are later than now.
		for (const attempt of live)
			if (attempt.deadline <= now) finish(attempt, 'timeout');
			else if (attempt.deadline < next) next = attempt.deadline;
		if (live.size > 0 && next !== Number.POSITIVE_INFINITY) arm(next);
	}

	/** Closes the socket and the confirming attempt, then reports once. */
	function finish(attempt: Attempt, outcome: ConnectOutcome) {
		const done = attempt.done;
		if (done === null) return;
		attempt.done = null;
		live.delete(attempt);
		if (live.size === 0) disarm();
		attempt.handle?.close();
		attempt.handle = null;
		const confirm = attempt.confirm;
		attempt.confirm = null;
		if (confirm) finish(confirm, {error: 'ABORT_ERR'});
		done(outcome);
	}

	function oncomplete(this: AttemptReq, status: number) {
		const attempt = this.attempt;
		this.attempt = undefined;
		// Abandoned: libuv reports the cancelled connect after close().
		if (!attempt || attempt.done === null) return;
		const rttMs = monotonicMs() - attempt.startedAt;
		if (status !== 0) {
			finish(attempt, failed(statusName(status), rttMs));
			return;
		}
		// A connect to a free port in the ephemeral range can be handed that same port as
		// its source and "succeed" by connecting to itself (TCP simultaneous open). That
		// only happens when nothing is bound to the port, so the port is closed.
		const local: {address?: string; port?: number} = {};
		attempt.handle?.getsockname(local);
		if (local.port === attempt.port && local.address === attempt.host) {
			finish(attempt, {state: 'closed', rttMs});
			return;
		}
		if (!attempt.confirmOpen) {
			finish(attempt, {state: 'open', rttMs});
			return;
		}
		// On loopback two of our own connects (other threads too) can meet each other in a
		// simultaneous open. A real listener accepts a second connect; a chance meeting is
		// refused, so "open" is confirmed once (open ports are few: this costs little). The
		// first one's time stands; its socket is closed and its deadline no longer counts.
		attempt.handle?.close();
		attempt.handle = null;
		live.delete(attempt);
		attempt.confirm = start(attempt.host, attempt.port, attempt.timeoutMs, false, (second) => {
			attempt.confirm = null;
			const refused = typeof second === 'object' && 'state' in second && second.state === 'closed';
			// The first attempt is not in `live` any more: finish() only reports and closes nothing.
			finish(attempt, {state: refused ? 'closed' : 'open', rttMs});
		});
	}

	function start(
		host: string,
		port: number,
		timeoutMs: number,
		confirmOpen: boolean,
		done: (outcome: ConnectOutcome) => void,
	): Attempt {
		const startedAt = monotonicMs();
		const handle = new wrap.TCP(wrap.constants.SOCKET);
		const attempt: Attempt = {
			handle,
			host,
			port,
			timeoutMs,
			startedAt,
			deadline: startedAt + timeoutMs,
			confirmOpen,
			done,
			confirm: null,
		};
		const req: AttemptReq = new wrap.TCPConnectWrap();
		req.address = host;
		req.port = port;
		req.attempt = attempt;
		req.oncomplete = oncomplete;
		// `host` is an IP literal (the Probe contract): only IPv6 has a colon.
		const status = host.includes(':') ? handle.connect6(req, host, port) : handle.connect(req, host, port);
		if (status !== 0) {
			// EMFILE and friends come back here, synchronously; the outcome never runs within
			// the call that started it.
			req.attempt = undefined;
			handle.close();
			attempt.handle = null;
			const outcome = failed(statusName(status), monotonicMs() - startedAt);
			queueMicrotask(() => finish(attempt, outcome));
			return attempt;
		}
		live.add(attempt);
		arm(attempt.deadline);
		return attempt;
	}

	return (host, port, timeoutMs, done) => {
		const attempt = start(host, port, timeoutMs, isLoopbackAddress(host), done);
		return () => finish(attempt, {error: 'ABORT_ERR'});
	};
}

/** The probe on Node's TCP handle, or null when this Node does not offer it as expected. */
export const rawProbe: Probe | null = tcpWrap ? createRawProbe(tcpWrap) : null;

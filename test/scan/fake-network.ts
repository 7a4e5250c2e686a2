import type {ConnectFn, ConnectOutcome} from '../../source/scan/scan-types.js';

// A virtual clock and a fake network for the scan engine: time only moves when
// every promise has settled, so tests count timeout windows instead of waiting.

interface Timer {
	readonly at: number;
	readonly seq: number;
	readonly fn: () => void;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class VirtualClock {
	time = 0;
	private timers: Timer[] = [];
	private seq = 0;

	now = (): number => this.time;

	setTimer = (fn: () => void, ms: number): (() => void) => {
		const timer = {at: this.time + Math.max(0, ms), seq: this.seq++, fn};
		this.timers.push(timer);
		return () => {
			this.timers = this.timers.filter((t) => t !== timer);
		};
	};

	get pending(): number {
		return this.timers.length;
	}

	/** Fires timers due up to `ms` from now, letting promises settle in between. */
	async advance(ms: number): Promise<void> {
		const end = this.time + ms;
		for (let step = 0; step < 1_000_000; step++) {
			await turn();
			const next = this.earliest();
			if (!next || next.at > end) break;
			this.fireAt(next.at);
		}
		this.time = end;
		await turn();
	}

	/** Runs the world until `promise` settles (jumping to each next timer). Bounded. */
	async run<T>(promise: Promise<T>, maxSteps = 1_000_000): Promise<T> {
		let settled = false;
		promise.then(
			() => {
				settled = true;
			},
			() => {
				settled = true;
			},
		);
		for (let step = 0; step < maxSteps; step++) {
			await turn();
			if (settled) return promise;
			const next = this.earliest();
			if (!next) throw new Error('stuck: the promise is pending and no timer is due');
			this.fireAt(next.at);
		}
		throw new Error(`still pending after ${maxSteps} steps`);
	}

	private earliest(): Timer | undefined {
		let best: Timer | undefined;
		for (const t of this.timers)
			if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
		return best;
	}

	private fireAt(at: number): void {
		this.time = at;
		const due = this.timers.filter((t) => t.at <= at).sort((a, b) => a.seq - b.seq);
		this.timers = this.timers.filter((t) => t.at > at);
		for (const timer of due) timer.fn();
	}
}

/** What a fake port does: answer after `rttMs`, stay silent (time out), or fail with a code. */
export type FakeBehavior = 'open' | 'closed' | 'silent' | {readonly error: string};

export interface FakeStats {
	calls: number;
	inFlight: number;
	maxInFlight: number;
	/** `host port` → attempts. */
	readonly attempts: Map<string, number>;
	/** Timeout passed to each call, in call order. */
	readonly timeouts: number[];
	/** Calls made after the scan's signal aborted (must stay 0). */
	callsAfterAbort: number;
}

export interface FakeNetwork {
	readonly connect: ConnectFn;
	readonly stats: FakeStats;
}

export function fakeNetwork(
	clock: VirtualClock,
	behave: (host: string, port: number, attempt: number, stats: FakeStats) => FakeBehavior,
	rttMs: (host: string, port: number) => number = () => 1,
): FakeNetwork {
	const stats: FakeStats = {
		calls: 0,
		inFlight: 0,
		maxInFlight: 0,
		attempts: new Map(),
		timeouts: [],
		callsAfterAbort: 0,
	};
	const connect: ConnectFn = (host, port, timeoutMs, signal) =>
		new Promise<ConnectOutcome>((resolve) => {
			stats.calls++;
			stats.timeouts.push(timeoutMs);
			if (signal.aborted) stats.callsAfterAbort++;
			const key = `${host} ${port}`;
			const attempt = (stats.attempts.get(key) ?? 0) + 1;
			stats.attempts.set(key, attempt);
			const behavior = behave(host, port, attempt, stats);
			stats.inFlight++;
			stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
			let finished = false;
			let cancelTimer: (() => void) | null = null;
			const done = (outcome: ConnectOutcome) => {
				if (finished) return;
				finished = true;
				stats.inFlight--;
				cancelTimer?.();
				signal.removeEventListener('abort', onAbort);
				resolve(outcome);
			};
			const onAbort = () => done({error: 'ABORT_ERR'});
			signal.addEventListener('abort', onAbort);
			if (typeof behavior === 'object') queueMicrotask(() => done(behavior));
			else if (behavior === 'silent') cancelTimer = clock.setTimer(() => done('timeout'), timeoutMs);
			else cancelTimer = clock.setTimer(() => done(behavior), rttMs(host, port));
		});
	return {connect, stats};
}

import type {Clock} from '../../source/model/clock.js';

interface Timer {
	id: number;
	at: number;
	callback: () => void;
}

/** A clock whose time only moves when a test says so. */
export class FakeClock implements Clock {
	time: number;
	private timers: Timer[] = [];
	private nextId = 1;

	constructor(start = 1_700_000_000_000) {
		this.time = start;
	}

	now = (): number => this.time;

	setTimeout = (callback: () => void, ms: number): unknown => {
		const timer = {id: this.nextId++, at: this.time + Math.max(0, ms), callback};
		this.timers.push(timer);
		return timer.id;
	};

	clearTimeout = (handle: unknown): void => {
		this.timers = this.timers.filter((timer) => timer.id !== handle);
	};

	get pending(): number {
		return this.timers.length;
	}

	/** Moves time forward, firing due timers in order and letting promises settle between them. */
	async advance(ms: number): Promise<void> {
		const end = this.time + ms;
		for (;;) {
			await flush();
			this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
			const next = this.timers[0];
			if (!next || next.at > end) break;
			this.timers.shift();
			this.time = next.at;
			next.callback();
		}
		this.time = end;
		await flush();
	}
}

/** Lets every queued promise callback run. */
export async function flush(): Promise<void> {
	for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

import {type Clock, systemClock} from '../model/clock.js';

/**
 * Reverse DNS for remote addresses, in the background: `get` answers from the
 * cache at once (undefined = not looked up yet, null = no name), `request` queues
 * lookups, and subscribers hear when names arrive. Never blocks a frame.
 */
export interface ReverseDns {
	get(address: string): string | null | undefined;
	request(addresses: readonly string[]): void;
	subscribe(listener: () => void): () => void;
	/** Bumped whenever a name arrives, for useSyncExternalStore. */
	version(): number;
	stop(): void;
}

export interface ReverseDnsOptions {
	readonly reverse?: (address: string) => Promise<string[]>;
	readonly timeoutMs?: number;
	readonly concurrency?: number;
	readonly clock?: Clock;
	readonly maxEntries?: number;
}

export function createReverseDns(options: ReverseDnsOptions = {}): ReverseDns {
	// node:dns on the first lookup, not at start: loading it sets up c-ares, which reads
	// resolv.conf, nsswitch.conf, svc.conf and netsvc.conf before the dashboard's first frame.
	const reverse =
		options.reverse ??
		((address: string) => import('node:dns').then(({promises}) => promises.reverse(address)));
	const timeoutMs = options.timeoutMs ?? 2000;
	const concurrency = options.concurrency ?? 4;
	const clock = options.clock ?? systemClock;
	const maxEntries = options.maxEntries ?? 10_000;
	const cache = new Map<string, string | null>();
	const queue: string[] = [];
	const queued = new Set<string>();
	const listeners = new Set<() => void>();
	let active = 0;
	let version = 0;
	let stopped = false;

	const settle = (address: string, name: string | null) => {
		if (stopped) return;
		if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
		cache.set(address, name);
		version++;
		for (const listener of [...listeners]) listener();
	};

	const pump = () => {
		while (!stopped && active < concurrency && queue.length > 0) {
			const address = queue.shift()!;
			queued.delete(address);
			active++;
			let done = false;
			const finish = (name: string | null) => {
				if (done) return;
				done = true;
				clock.clearTimeout(timer);
				active--;
				settle(address, name);
				pump();
			};
			const timer = clock.setTimeout(() => finish(null), timeoutMs);
			Promise.resolve()
				.then(() => reverse(address))
				.then(
					(names) => finish(names[0] ?? null),
					() => finish(null),
				);
		}
	};

	return {
		get: (address) => cache.get(address),
		request(addresses) {
			for (const address of addresses) {
				if (cache.has(address) || queued.has(address)) continue;
				queued.add(address);
				queue.push(address);
			}
			pump();
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		version: () => version,
		stop() {
			stopped = true;
			queue.length = 0;
			queued.clear();
		},
	};
}

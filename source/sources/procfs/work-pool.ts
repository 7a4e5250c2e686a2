// Runs `work` over items pulled lazily from iterators, at most `max` at once.
// Work may add items (a listed directory adds its entries); those are taken
// first, so only a few directories' listings are held at a time. Nothing new
// starts once `signal` aborts: the pool rejects with its reason.

export type AddItems<T> = (items: Iterable<T>) => void;

export function runPool<T>(
	items: Iterable<T>,
	max: number,
	signal: AbortSignal,
	work: (item: T, add: AddItems<T>) => Promise<void>,
): Promise<void> {
	return new Promise((resolve, reject) => {
		const sources: Iterator<T>[] = [items[Symbol.iterator]()];
		const add: AddItems<T> = (more) => sources.push(more[Symbol.iterator]());
		let running = 0;
		let settled = false;
		const fail = (error: unknown) => {
			if (!settled) reject(error);
			settled = true;
		};
		const take = (): {item: T} | null => {
			while (sources.length > 0) {
				const next = sources[sources.length - 1]!.next();
				if (!next.done) return {item: next.value};
				sources.pop();
			}
			return null;
		};
		const fill = () => {
			if (settled) return;
			if (signal.aborted) return fail(signal.reason);
			for (let next = running < max ? take() : null; next; next = running < max ? take() : null) {
				const {item} = next;
				running++;
				Promise.resolve()
					.then(() => work(item, add))
					.then(() => {
						running--;
						fill();
					}, fail);
			}
			if (running === 0) {
				settled = true;
				resolve();
			}
		};
		fill();
	});
}

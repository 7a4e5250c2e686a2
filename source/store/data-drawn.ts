import type {PollStore} from './poll-store.js';

/** Fallback when no frame is ever reported (a store composed without a screen: tests). */
export const DATA_DRAWN_FALLBACK_MS = 500;

export interface DataDrawn {
	/** Called by the screen after it rendered a frame (Ink's onRender, just before the write). */
	readonly onFrame: () => void;
	/**
	 * Resolves once a frame drawn with the first data (or the first failure) has been written,
	 * or DATA_DRAWN_FALLBACK_MS after that data was published if no frame came; never rejects.
	 */
	readonly drawn: Promise<void>;
	/** Stops the fallback timer (the dashboard is stopping); `drawn` then stays pending. */
	readonly cancel: () => void;
}

/** Whether the store has published its first data, or its first failure (which is drawn too). */
export function hasFirstData(store: Pick<PollStore, 'getSnapshot'>): boolean {
	const snapshot = store.getSnapshot();
	return snapshot.lastGoodAt !== null || snapshot.error !== null;
}

/**
 * When the work that follows the first frame may start. The start-up of the dashboard
 * (docs/first-frame.md) must not put anything between the first data and its frame: the
 * rates' first read spawns `ss` (40–120 ms of this thread, synchronously, at load ≈ 13), and
 * the owners' read right after a tables-only one read `/proc/net/tcp*` synchronously (176 ms
 * of readSync inside a namespace of this busy host). "One turn after the publish" was not
 * enough: when the data came within Ink's 33 ms render throttle of the mount's frame, Ink
 * drew it on its trailing timer, after both (a profile at 1,000 connections: the useful frame
 * 936 ms after the loading one). So the signal is the frame itself: Ink calls `onFrame`
 * right before it writes, and the next timer turn plus one check phase come after that write
 * (Ink's own write throttle defers by a 0 ms timer at most).
 */
export function createDataDrawn(
	store: Pick<PollStore, 'subscribe' | 'getSnapshot'>,
	fallbackMs = DATA_DRAWN_FALLBACK_MS,
): DataDrawn {
	let open: () => void = () => {};
	const drawn = new Promise<void>((resolve) => {
		open = resolve;
	});
	let done = false;
	let fallback: ReturnType<typeof setTimeout> | null = null;
	const finish = () => {
		if (done) return;
		done = true;
		unsubscribe();
		if (fallback !== null) clearTimeout(fallback);
		setTimeout(() => setImmediate(open), 0);
	};
	const unsubscribe = store.subscribe(() => {
		if (done || fallback !== null || !hasFirstData(store)) return;
		fallback = setTimeout(finish, fallbackMs);
	});
	return {
		drawn,
		onFrame: () => {
			if (!done && hasFirstData(store)) finish();
		},
		cancel: () => {
			done = true;
			unsubscribe();
			if (fallback !== null) clearTimeout(fallback);
		},
	};
}

/**
 * Resolves true once the store has published its first data (or failure), false after
 * `boundMs` without it. The dashboard waits on it (bounded) before it mounts the screen, so
 * its first render already holds the data: Ink writes that one at once, where the data's
 * frame after a loading frame waited for the render throttle.
 */
export function firstDataWithin(
	store: Pick<PollStore, 'subscribe' | 'getSnapshot'>,
	boundMs: number,
): Promise<boolean> {
	if (hasFirstData(store)) return Promise.resolve(true);
	return new Promise((resolve) => {
		const timer = setTimeout(() => {
			unsubscribe();
			resolve(false);
		}, boundMs);
		const unsubscribe = store.subscribe(() => {
			if (!hasFirstData(store)) return;
			clearTimeout(timer);
			unsubscribe();
			resolve(true);
		});
	});
}

import type {PollStore} from './poll-store.js';

/**
 * Runs `then` once `store` has published its first data (or its first failure), one turn of
 * the event loop later, so that the frame drawing that data is written first: the store's
 * publish re-renders in a microtask and Ink writes the frame synchronously. The dashboard
 * starts its per-connection rates this way (compose-dashboard.ts): their first read spawns
 * `ss -tainHOe` and parses a line per socket on this thread, and in a `strace` of the start
 * at 1,000 connections that spawn came between the alternate screen and the first frame.
 * Returns a cancel (for a stop before the first data).
 */
export function afterFirstData(
	store: Pick<PollStore, 'subscribe' | 'getSnapshot'>,
	then: () => void,
	nextTurn: (run: () => void) => void = (run) => setImmediate(run),
): () => void {
	let done = false;
	const arrived = () => {
		const snapshot = store.getSnapshot();
		return snapshot.lastGoodAt !== null || snapshot.error !== null;
	};
	const fire = () => {
		if (done) return;
		done = true;
		unsubscribe();
		nextTurn(() => {
			if (!cancelled) then();
		});
	};
	let cancelled = false;
	const unsubscribe = store.subscribe(() => {
		if (arrived()) fire();
	});
	if (arrived()) fire();
	return () => {
		cancelled = true;
		done = true;
		unsubscribe();
	};
}

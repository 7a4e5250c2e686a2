import v8 from 'node:v8';

/**
 * One garbage collection of this thread's heap that also hands memory back: V8's
 * "all available garbage" collection, which shrinks the young generation to its starting
 * size and compacts the old one. Neither a plain full collection (`gc()`, heap-trim.ts)
 * nor `--semi-space-growth-factor` gives back a young generation that has grown; this does.
 * Node exposes it only through `v8.queryObjects` (Node ≥ 20.13), which runs it before
 * counting a class's instances; the class here has none, so the count is all it costs.
 *
 * Measured with node 20.20.2 on a script that allocated 4 M short-lived objects: new space
 * 32.0 → 1.0 MB, RSS 82.7 → 49.6 MB; 64–165 ms of CPU per call at load ≈ 12 (a plain
 * `gc()` left new space at 32.0 MB and RSS at 81.6 MB). Too dear for every poll: it is run
 * once the dashboard holds its first full table (worker-feed.ts, feed-worker.ts).
 *
 * Returns false when this Node has no `queryObjects`.
 */
export function reduceHeap(): boolean {
	const query = (v8 as {queryObjects?: (ctor: unknown, options: {format: 'count'}) => number}).queryObjects;
	if (typeof query !== 'function') return false;
	// queryObjects is marked experimental: its one-time warning would be written over the
	// dashboard's screen.
	const emitWarning = process.emitWarning;
	process.emitWarning = () => {};
	try {
		query(NeverConstructed, {format: 'count'});
	} finally {
		process.emitWarning = emitWarning;
	}
	return true;
}

class NeverConstructed {}

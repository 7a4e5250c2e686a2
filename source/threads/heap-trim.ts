/**
 * A full garbage collection every `everyMs`, when this thread can ask for one: the bin's
 * launcher starts Node with --expose-gc (scripts/build.mjs), so `gc` exists there and in
 * the worker threads it starts; `node dist/cli.js` and the tests have none, and nothing
 * happens. Why: left alone, V8 collects the old generation of a quiet dashboard rarely, and
 * the pages of what it polled long ago stay resident. The memory bench's two runs of the
 * same dashboard with no connections: VmRSS 84 MB idle, 70 MB with a collection every
 * second (bench/memory-probe.mjs). A collection of this heap (≈11–25 MB live) takes
 * ≈10–30 ms; every 20 s that is ≈0.1 % of a core.
 */
export function startHeapTrim(everyMs = 20_000): () => void {
	const gc = (globalThis as {gc?: unknown}).gc;
	if (typeof gc !== 'function') return () => {};
	const timer = setInterval(() => (gc as () => void)(), everyMs);
	timer.unref();
	return () => clearInterval(timer);
}

// Milliseconds on a monotonic clock, as performance.now() counts them (only differences
// are used), without `performance`: its first use makes Node compile its perf_hooks
// modules (11 of its own files: 2.4–3.8 ms of CPU in `node -e`, load average ≈ 30), a
// noticeable part of a short scan's start.
// Indexed, not destructured: `const [s, ns] = process.hrtime()` runs the array iterator
// in the interpreter, an iterator and three result objects per call. A top1000 scan
// calls this 3,000 times; those objects were ≈0.5 MB of the young generation, a third of
// what its launch allocated (sampling heap profile, docs/scan-start.md).
export function monotonicMs(): number {
	const time = process.hrtime();
	return time[0] * 1000 + time[1] / 1e6;
}

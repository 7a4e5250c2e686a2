// Milliseconds on a monotonic clock, as performance.now() counts them (only differences
// are used), without `performance`: its first use makes Node compile its perf_hooks
// modules (11 of its own files: 2.4–3.8 ms of CPU in `node -e`, load average ≈ 30), a
// noticeable part of a short scan's start.
export function monotonicMs(): number {
	const [seconds, nanoseconds] = process.hrtime();
	return seconds * 1000 + nanoseconds / 1e6;
}

import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';

/**
 * A full garbage collection every `everyMs`. Why: left alone, V8 collects the old generation
 * of a quiet dashboard rarely, and the pages of what it polled long ago stay resident. The
 * memory bench's two runs of the same dashboard with no connections: VmRSS 84 MB idle, 70 MB
 * with a collection every second (bench/memory-probe.mjs). A collection of this heap
 * (≈11–25 MB live) takes ≈10–30 ms; every 20 s that is ≈0.1 % of a core.
 *
 * `gc` is taken at run time (the flag, then a fresh context that has it) rather than from a
 * `node --expose-gc` in the bin: a bin that starts with anything but `#!/usr/bin/env node`
 * breaks npm's Windows shims (`#!/bin/sh`) or BusyBox's env (`env -S`).
 */
export function startHeapTrim(everyMs = 20_000): () => void {
	const gc = collector();
	if (!gc) return () => {};
	const timer = setInterval(gc, everyMs);
	timer.unref();
	return () => clearInterval(timer);
}

/** A full collection of this thread's heap (`gc`, taken at run time), or null when V8 refuses. */
export function collector(): (() => void) | null {
	const exposed = (globalThis as {gc?: unknown}).gc;
	if (typeof exposed === 'function') return exposed as () => void;
	try {
		setFlagsFromString('--expose-gc');
		const gc: unknown = runInNewContext('gc');
		return typeof gc === 'function' ? (gc as () => void) : null;
	} catch {
		return null;
	}
}

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
	let timer = setInterval(gc, everyMs);
	timer.unref();
	let moved: ReturnType<typeof setTimeout> | null = null;
	const bringForward = () => {
		if (moved !== null) return;
		clearInterval(timer);
		moved = setTimeout(() => {
			moved = null;
			gc();
			timer = setInterval(gc, everyMs);
			timer.unref();
		}, AFTER_WALK_MS);
		moved.unref();
	};
	soon = bringForward;
	return () => {
		clearInterval(timer);
		if (moved !== null) clearTimeout(moved);
		if (soon === bringForward) soon = null;
	};
}

/** How long after a full owners' walk its collection comes: the walk's result diffed and sent by then. */
export const AFTER_WALK_MS = 1000;
let soon: (() => void) | null = null;

/**
 * A big piece of garbage was just let go (the owners' full walk, every 30 s): this thread's
 * next trim comes AFTER_WALK_MS from now, its interval restarting there (no trim running: nothing).
 * Why: the walk is sliced over event-loop turns, so its maps and sets (inode → owners, the
 * current inodes: ≈ 2–3 MB at 10,000 connections) are promoted and stayed resident until the
 * next trim, up to 20 s later; the memory bench's one sample fell there (docs/memory.md, 03:00).
 */
export function collectSoon(): void {
	soon?.();
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

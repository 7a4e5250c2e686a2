import {setFlagsFromString} from 'node:v8';

/**
 * Up to this many sockets in the table, V8's optimizing compiler (TurboFan) stays off.
 *
 * Why: at 1,000 connections (2,001 sockets) TurboFan's background compiles are what the
 * dashboard's malloc arenas hold (its zones, freed into arenas glibc does not trim: 6.1–9.2 MB
 * with it, 2.0–2.1 MB without) and what pages in its 3 MB of machine code from the node binary
 * (file-backed RSS 43.6–43.9 → 42.2–42.4 MB): VmRSS 75.7–77.2 MB with it, 71.5–73.6 MB without,
 * at the same CPU over the idle window (bench/memory-ab.mjs, builds alternated, load 7–16;
 * docs/memory.md, 2026-11-30 23:10; quiet, 00:02: 69.1, 71.1 → 64.2, 65.9 MB).
 *
 * What it costs: code runs in V8's baseline tiers (Ignition, Sparkplug). Parsing a
 * /proc/net/tcp table 30 times (bench/parse-tiers.ts, node 20.20.2, load ≈ 14): 2,000 lines
 * 174 ms of CPU with TurboFan, 292 ms without (+4 ms a poll whose text changed); 5,000 lines
 * 224 vs 739 ms; 20,000 lines 716 vs 2,967 ms. At 3,000 sockets that is ≈ +6 ms a changed poll,
 * ≈ 0.3 % of a core at one poll every 2 s; at 10,000 connections from the start the dashboard
 * took 1.4× the CPU and its V8 heap doubled (93 vs 45 MB of pages), hence the threshold.
 */
export const OPTIMIZE_FROM_SOCKETS = 3000;

/**
 * The bytecode TurboFan inlines into one function at most (V8's default: 920). Why: at 10,000
 * connections, where TurboFan is on, its compiles' zones were 17–18 MB of glibc thread arenas
 * that stay resident after the compile; with 200, 12.8 and 13.4 MB against 17.8 and 17.1 MB,
 * V8 code 1.6–1.8 MB (bench/memory-ab.mjs, alternated, load 8–14, docs/memory.md). Parsing a
 * 20,000-line /proc/net/tcp 30 times took 550–576 ms of CPU with it against 530–598 ms without.
 */
export const MAX_INLINED_BYTECODE = 200;

let optimizing = true;
let inliningCapped = false;

/**
 * Caps TurboFan's inlining (on the first call), and turns TurboFan off for a table of at most
 * OPTIMIZE_FROM_SOCKETS sockets and on again for a bigger one (null: not known, on). V8 reads the flag each time it decides whether to optimize
 * a hot function, so it holds from then on, either way; code already optimized stays. The
 * flag is per process: a feed worker's isolate (over 30,000 sockets, worker-feed.ts) has it on.
 */
export function optimizeForTable(sockets: number | null): void {
	if (!inliningCapped) {
		inliningCapped = true;
		setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${MAX_INLINED_BYTECODE}`);
	}
	const wanted = sockets === null || sockets > OPTIMIZE_FROM_SOCKETS;
	if (wanted === optimizing) return;
	optimizing = wanted;
	setFlagsFromString(wanted ? '--turbofan' : '--no-turbofan');
}

/** Whether TurboFan is on (as this module last set it), for tests. */
export function isOptimizing(): boolean {
	return optimizing;
}

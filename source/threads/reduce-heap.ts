import {setFlagsFromString} from 'node:v8';
import {collector} from './heap-trim.js';

/** How long V8 is told to favour memory over speed (see below). */
export const REDUCE_WINDOW_MS = 30_000;

/**
 * Hands back the heap this thread grew: V8's memory reducer, which shrinks a young
 * generation that has grown and compacts the old one, is let run for a while. Neither a
 * plain full collection (`gc()`, heap-trim.ts) nor `--semi-space-growth-factor` gives back
 * a young generation once grown; V8 does it in its memory-reducing collections, which it
 * runs on its own only for a heap it was told to keep small (`--optimize-for-size`, read
 * at run time). The flag is set, a full collection starts the reducer (its first step
 * comes ≈8 s later), and the flag is taken back after REDUCE_WINDOW_MS: left on, it made
 * allocation-heavy work cost 1.2–2.3× the CPU (a sort of 50,000 objects 20 times: 546–753 ms
 * without, 732–1,625 ms with; node 20.20.2, load ≈ 25).
 *
 * Measured with node 20.20.2 on a script holding 300,000 objects after a burst of 4 M
 * short-lived ones: new space 32.0 → 1.0 MB and RSS 106.0 → 76.1 MB within 9 s; a plain
 * `gc()` left new space at 32.0 MB. `v8.queryObjects`, the one API that runs such a
 * collection at once, also shrank new space but raised RSS (106.1 → 110.5 MB): it marks
 * every live object in a malloc'd set first, and in the dashboard at 10,000 connections
 * that set left the C heap 17 MB bigger than it gave back.
 *
 * The flag is per process: a thread's window also covers the others' (harmless).
 */
export function reduceHeap(windowMs = REDUCE_WINDOW_MS): void {
	setFlagsFromString('--optimize-for-size');
	collector()?.();
	setTimeout(() => setFlagsFromString('--no-optimize-for-size'), windowMs).unref();
}

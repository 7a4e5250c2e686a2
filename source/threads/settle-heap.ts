import {reduceHeap} from './reduce-heap.js';
import {keepYoungGenerationSmall} from './young-generation.js';

/** After the first full frame's rendering and its garbage. */
export const SETTLE_DELAY_MS = 1000;

/**
 * Once the dashboard holds its first full table: the heap it grew to read, send and draw
 * it is handed back (reduce-heap.ts), and the young generation is kept at its starting
 * size from then on. At 10,000 connections the main thread's young generation had grown
 * to 2 × 16 MB during those first reads (memory bench probe, 32.0 MB committed, 13:17 UTC)
 * and stayed there. Keeping it small from the start instead (young-generation.ts) slowed
 * the feed worker's first read of a big table: the flag is per process, and with it the
 * owners of 10,000 connections were drawn after 46–52 s instead of 29–39 s (load ≈ 22–30).
 */
export function settleHeapSoon(delayMs = SETTLE_DELAY_MS): void {
	keepYoungGenerationSmall();
	setTimeout(() => reduceHeap(), delayMs).unref();
}

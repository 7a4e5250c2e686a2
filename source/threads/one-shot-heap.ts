import {setFlagsFromString} from 'node:v8';

/**
 * For a process that reads once and exits (`--once`): V8's memory-saving mode, so its young
 * generation stays small. Left alone, a 20,000-socket read grows it to its maximum (2 × 16 MB
 * semi-spaces), all of it touched and counted in the peak RSS: `v8.getHeapSpaceStatistics()`
 * at exit showed new space at 32.0 MB, and 4.0 MB with this flag set at run time (node
 * 20.20.2, 2026-11-30, docs/cold-read.md). The launcher flag `--max-semi-space-size` does the
 * same but a bin cannot carry it (heap-trim.ts), and set at run time it comes too late (the
 * heap is configured at start-up); `--semi-space-growth-factor=1` did not stop the growth here.
 * The flag is per process: the owner-walk worker, if running, has its own young-generation cap.
 */
export function saveMemoryForOneShot(): void {
	setFlagsFromString('--optimize-for-size');
}

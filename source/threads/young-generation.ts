import {setFlagsFromString} from 'node:v8';

/**
 * Keeps V8's young generation at its starting size (2 × 1 MB semi-spaces) for every isolate
 * of the process, the feed worker's included (V8's flags are per process). Left alone, the
 * dashboard's start-up grows it to 2 × 16 MB, committed for good: the memory bench's probe
 * at 1,000 connections showed the main thread's young generation at 32.0 MB of 51.8 MB
 * committed (2026-11-30 10:31, load ≈ 20).
 *
 * `--max-semi-space-size` only counts when the heap is set up (a launcher flag, which the
 * bin cannot carry: heap-trim.ts says why), but the growth factor is read each time the
 * young generation would grow, so set at run time it holds from then on. Measured with
 * node 20.20.2 on a script that allocates 4 M short-lived objects: new space 32.0 MB by
 * default, 2.0 MB with this flag set at run time (2.0 MB with `--max-semi-space-size=1` on the
 * command line, 32.0 MB with that flag set at run time); RSS 82 → 67 MB.
 */
export function keepYoungGenerationSmall(): void {
	setFlagsFromString('--semi-space-growth-factor=1');
}

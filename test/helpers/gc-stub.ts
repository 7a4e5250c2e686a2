// The heap trim (source/threads/heap-trim.ts) collects through globalThis.gc when it is there:
// tests count its collections with a stand-in, then put the real one (or none) back.
import {afterEach, mock} from 'node:test';

export const globalGc = globalThis as {gc?: unknown};

/** After each test of the calling file: mocked timers reset, globalThis.gc as it was at the call. */
export function restoreGcAfterEach(): void {
	const original = globalGc.gc;
	afterEach(() => {
		mock.timers.reset();
		if (original === undefined) delete globalGc.gc;
		else globalGc.gc = original;
	});
}

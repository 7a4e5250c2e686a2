import {setFlagsFromString} from 'node:v8';

// Every V8 flag socktop sets at run time goes through here, because V8's code cache carries a
// hash of the flags in force when it was written and is refused by a process whose flags differ
// when it is read (measured with node 20.20.2: data written after `--expose-gc` was set is
// rejected by a process without it, accepted by one with it). The code cache
// (source/os/script-cache.ts) names its file by the flags set before the chunk was compiled,
// and writes its data before any later change.

const applied: string[] = [];
const listeners = new Set<() => void>();

/** `setFlagsFromString(flag)`; listeners hear of it first, once per new flag string of this thread. */
export function setV8Flag(flag: string): void {
	if (!applied.includes(flag)) {
		for (const listener of [...listeners]) listener();
		applied.push(flag);
	}
	setFlagsFromString(flag);
}

/** The flags this thread has set, in order (one entry per distinct string). */
export function v8FlagsSet(): readonly string[] {
	return applied;
}

/** `listener` runs just before a flag not set before is set; returns its removal. */
export function beforeV8FlagChange(listener: () => void): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

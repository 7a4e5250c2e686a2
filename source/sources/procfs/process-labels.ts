// The container label of each process (cgroup-label.ts), cached per pid: /proc/<pid>/cgroup
// is one small read, but a poll would otherwise read it for every owner every 2 s. The cache
// is dropped at each full owner walk (every 30 s: a process moved to another cgroup is seen
// by then) and forgets pids that are gone.
import {labelOfCgroups} from './cgroup-label.js';
import type {ProcFs} from './proc-fs.js';

export interface ProcessLabels {
	/** The label of the process, or null (none, or its cgroup file cannot be read). */
	labelOf(pid: number): string | null;
	/** Forget everything (a full walk is due). */
	clear(): void;
	/** Forget the pids not in `alive`. */
	retain(alive: ReadonlySet<number>): void;
}

export function createProcessLabels(root: string, fs: Pick<ProcFs, 'readFileSync'>): ProcessLabels {
	let cache = new Map<number, string | null>();
	return {
		labelOf(pid) {
			let label = cache.get(pid);
			if (label === undefined) {
				try {
					label = labelOfCgroups(fs.readFileSync(`${root}/${pid}/cgroup`));
				} catch {
					label = null; // exited, or no cgroup file (not Linux-like procfs)
				}
				cache.set(pid, label);
			}
			return label;
		},
		clear() {
			cache = new Map();
		},
		retain(alive) {
			for (const pid of cache.keys()) if (!alive.has(pid)) cache.delete(pid);
		},
	};
}

/** Whether a label names a container (not a systemd unit): it then wins over a namespace's name. */
export function isContainerLabel(label: string | null): label is string {
	return label !== null && !label.startsWith('systemd:');
}

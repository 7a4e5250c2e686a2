import type {SocketRecord} from './socket-record.js';

/**
 * Why a source could not name the owner of some sockets. `not-root`: other users'
 * processes hide their fds from us; `hidden-from-root`: running as root, yet the owners'
 * `/proc/<pid>/fd` could not be read (another PID namespace, a sandbox, `hidepid`).
 */
export type UnattributedCause = 'not-root' | 'hidden-from-root';

/**
 * A socket some process holds (the kernel gave it an inode) whose owner is unknown.
 * TIME_WAIT and other orphaned sockets have no inode (null) and no owner to find.
 */
export function isUnattributed(record: SocketRecord): boolean {
	return record.owners.length === 0 && record.pid === null && record.inode !== null;
}

/**
 * Where unattributed sockets of other network namespaces are, as `docker:3f2a… (2), netns 4026532201 (1)`
 * (their container label, else the namespace id), or null when all are in this namespace.
 */
const SHOWN_NAMESPACES = 3;

export function unattributedNamespaces(records: Iterable<SocketRecord>): string | null {
	const where = new Map<string, number>();
	for (const record of records)
		if (record.netns !== null && isUnattributed(record)) {
			const name = record.container ?? `netns ${record.netns}`;
			where.set(name, (where.get(name) ?? 0) + 1);
		}
	if (where.size === 0) return null;
	// The busiest first; a container host can have hundreds: a line names a few and counts the rest.
	const sorted = [...where].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
	const named = sorted.slice(0, SHOWN_NAMESPACES).map(([name, count]) => `${name} (${count})`);
	const rest = sorted.length - named.length;
	return rest > 0 ? `${named.join(', ')} and ${rest} more` : named.join(', ');
}

/**
 * One line for users: the count and its real cause (and the other namespaces they are in, if any).
 * ONE_READ: from a single read (`--once`), where a socket that opened or closed between the
 * tables and the walk of the fds looks the same as a hidden one (the dashboard tells them apart
 * with a second read: store/owner-recheck.ts).
 */
export function unattributedNote(
	count: number,
	cause: UnattributedCause | null,
	namespaces?: string | null,
	oneRead = false,
): string {
	const counted = count === 1 ? '1 socket has no known owner' : `${count} sockets have no known owner`;
	const what = namespaces ? `${counted} (in other network namespaces: ${namespaces})` : counted;
	if (cause === 'not-root') return `${what}: not root, other users' processes are hidden (run with sudo)`;
	if (cause === 'hidden-from-root')
		return `${what}: running as root, yet ${count === 1 ? "its owner's" : "their owners'"} /proc/<pid>/fd cannot be read (another PID namespace, a sandbox or hidepid)${oneRead ? `, or ${count === 1 ? 'it' : 'they'} opened or closed during the read` : ''}`;
	return what;
}

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

/** One line for users: the count and its real cause. */
export function unattributedNote(count: number, cause: UnattributedCause | null): string {
	const what = count === 1 ? '1 socket has no known owner' : `${count} sockets have no known owner`;
	if (cause === 'not-root') return `${what}: not root, other users' processes are hidden (run with sudo)`;
	if (cause === 'hidden-from-root')
		return `${what}: root, but their /proc/<pid>/fd cannot be read (another PID namespace, a sandbox or hidepid)`;
	return what;
}

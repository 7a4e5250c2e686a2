// The one shape every socket source produces. Fields are always present;
// `null` means "this source does not know" (never `undefined`, so JSON output
// has the same keys on every platform).
import type {UnattributedCause} from './attribution.js';
import type {HostStatus} from './host-status.js';
import type {ListingKey} from './listing-order.js';
import type {NetnsAddresses} from './netns-addresses.js';

export type Proto = 'tcp' | 'udp';
export type Family = 4 | 6;

/** Linux names (net-tools spelling), whatever the platform or locale. */
export type SocketState =
	| 'LISTEN'
	| 'ESTABLISHED'
	| 'SYN_SENT'
	| 'SYN_RECV'
	| 'FIN_WAIT1'
	| 'FIN_WAIT2'
	| 'TIME_WAIT'
	| 'CLOSE'
	| 'CLOSE_WAIT'
	| 'LAST_ACK'
	| 'CLOSING'
	| 'NEW_SYN_RECV'
	| 'BOUND'
	| 'UNCONN'
	| 'UNKNOWN';

export interface SocketOwner {
	readonly pid: number;
	readonly process: string;
}

export interface SocketRecord {
	readonly proto: Proto;
	readonly family: Family;
	/** `0.0.0.0` / `::` for wildcards; full IPv6 with `%scope` when there is one. */
	readonly localAddress: string;
	readonly localPort: number;
	/** null when the socket has no remote end (listeners, unconnected UDP). */
	readonly remoteAddress: string | null;
	readonly remotePort: number | null;
	readonly state: SocketState;
	/** The first owner's pid/name, or null when unknown (another user's socket without root) or none (TIME_WAIT). */
	readonly pid: number | null;
	readonly process: string | null;
	/** Every process holding the socket (a socket shared across fork has several). */
	readonly owners: readonly SocketOwner[];
	/** The socket's owner; null when unknown or when no process holds it (TIME_WAIT, orphaned). */
	readonly uid: number | null;
	readonly user: string | null;
	/** The kernel's socket inode; null when unknown or when it has none (TIME_WAIT, orphaned). */
	readonly inode: number | null;
	/** The machine the socket is on: `local` for this one, else the `--host` destination as given. */
	readonly host: string;
	/**
	 * The socket's network namespace, null for socktop's own (and when the source does not know).
	 * As root the inode of `/proc/<pid>/ns/net`; without root, for other users' namespaces, the
	 * inode of `/proc/<pid>/net/tcp` (any user may stat it; a different number: see the README).
	 */
	readonly netns: number | null;
	/** A label of the container or unit holding the socket (`docker:<id>`, `systemd:<unit>`…), or null. */
	readonly container: string | null;
	/**
	 * When `container` shows a runtime's name (`docker:web`), the id label it stands for
	 * (`docker:3f2a9c1be4d5`); absent or null otherwise. The `container:` filter matches either.
	 */
	readonly containerId?: string | null;
}

/** The host name records of this machine carry. */
export const LOCAL_HOST = 'local';

/** What one read of a source returns. */
export interface SourceResult {
	readonly records: readonly SocketRecord[];
	/** Sockets whose owning process could not be found (other users' sockets when not root). */
	readonly unattributed: number;
	/** Why those sockets have no owner (null or absent: not known). */
	readonly unattributedCause?: UnattributedCause | null;
	/** Lines of source output that could not be read (skipped, never thrown). */
	readonly skippedLines: number;
	/** Human-readable notes (e.g. "not all processes could be identified: run as root"). */
	readonly warnings: readonly string[];
	/** With `--host`: every watched host's state (absent: this machine only). */
	readonly hosts?: readonly HostStatus[];
	/** The other network namespaces' own addresses (absent: none read). */
	readonly netnsAddresses?: readonly NetnsAddresses[];
	/**
	 * The tables only (ReadHints.ownersLater): held sockets' owners are not looked up yet, so
	 * their empty `owners` means "not known yet", not "none" (absent: false).
	 */
	readonly ownersPending?: boolean;
	/**
	 * The order the records are already in (ReadHints.order, applied by the source before its
	 * owner lookup; absent: none). `--once` then does not sort them again (docs/cold-read.md).
	 */
	readonly orderedBy?: (a: ListingKey, b: ListingKey) => number;
}

export const STATES: readonly SocketState[] = [
	'LISTEN',
	'ESTABLISHED',
	'SYN_SENT',
	'SYN_RECV',
	'FIN_WAIT1',
	'FIN_WAIT2',
	'TIME_WAIT',
	'CLOSE',
	'CLOSE_WAIT',
	'LAST_ACK',
	'CLOSING',
	'NEW_SYN_RECV',
	'BOUND',
	'UNCONN',
	'UNKNOWN',
];

/** Builds a record whose `pid`/`process` are the first owner's, or null without owners. */
export function makeRecord(
	fields: Omit<
		SocketRecord,
		'pid' | 'process' | 'owners' | 'uid' | 'user' | 'inode' | 'host' | 'netns' | 'container'
	> & {
		owners?: readonly SocketOwner[];
		uid?: number | null;
		user?: string | null;
		inode?: number | null;
		host?: string;
		netns?: number | null;
		container?: string | null;
		containerId?: string | null;
	},
): SocketRecord {
	const owners = fields.owners ?? [];
	const first = owners[0];
	return {
		proto: fields.proto,
		family: fields.family,
		localAddress: fields.localAddress,
		localPort: fields.localPort,
		remoteAddress: fields.remoteAddress,
		remotePort: fields.remotePort,
		state: fields.state,
		pid: first ? first.pid : null,
		process: first ? first.process : null,
		owners,
		uid: fields.uid ?? null,
		user: fields.user ?? null,
		inode: fields.inode ?? null,
		host: fields.host ?? LOCAL_HOST,
		netns: fields.netns ?? null,
		container: fields.container ?? null,
		// Only when a name stands for an id: records without one stay as they were.
		...(fields.containerId ? {containerId: fields.containerId} : {}),
	};
}

import type {UnattributedCause} from '../model/attribution.js';
import type {HostStatus} from '../model/host-status.js';
import type {NetnsAddresses} from '../model/netns-addresses.js';
import type {SocketRecord} from '../model/socket-record.js';
import type {SourceName} from '../sources/source.js';

export type RowStatus = 'new' | 'open' | 'closed';

export interface Row {
	/** Stable identity across polls (see row-key.ts). */
	readonly key: string;
	readonly record: SocketRecord;
	/** When this socket was first seen by this store (ms since epoch). */
	readonly firstSeen: number;
	/**
	 * Already there at the first poll: it opened at some unknown time before `firstSeen`,
	 * so its age is a lower bound.
	 */
	readonly seenAtStart: boolean;
	/** 'new' for a few seconds after it appeared, 'closed' for a few seconds after it went. */
	readonly status: RowStatus;
	/** When the status last changed (appeared / closed). */
	readonly since: number;
	/** A held socket read from the tables before its owners were looked up (Snapshot.ownersPending). */
	readonly ownersPending?: boolean;
}

/** One immutable view of the sockets. A new object only when something a user could see changed. */
export interface Snapshot {
	readonly version: number;
	readonly source: SourceName;
	/** Every row: open ones and recently closed ones (status 'closed'); the first poll in the source's order, later rows after it. */
	readonly rows: readonly Row[];
	/** Keys added / removed by the poll that produced this snapshot. */
	readonly added: readonly string[];
	readonly removed: readonly string[];
	/** Keys of open rows whose state, owners or user changed in that poll. */
	readonly changed: readonly string[];
	/** When the data shown last changed (ms since epoch); null before the first good poll. */
	readonly updatedAt: number | null;
	/** When the last successful poll ran, null before it. */
	readonly lastGoodAt: number | null;
	/** The last poll's error (one line), or null when it succeeded. */
	readonly error: string | null;
	/** True when an error is shown over older data. */
	readonly stale: boolean;
	/** True until the first poll has finished (with data or an error). */
	readonly loading: boolean;
	/**
	 * While there is no data yet and a read is running: how long it has run (ms, moves about
	 * once a second, so a screen can say "reading sockets… 3 s"). Null otherwise.
	 */
	readonly waitingMs: number | null;
	readonly unattributed: number;
	readonly unattributedCause: UnattributedCause | null;
	readonly skippedLines: number;
	readonly warnings: readonly string[];
	/** With `--host`: each watched host's state (absent: this machine only). */
	readonly hosts?: readonly HostStatus[];
	/** The other network namespaces' own addresses, for scan targets (absent: none read). */
	readonly netnsAddresses?: readonly NetnsAddresses[];
	/**
	 * The rows come from the socket tables alone and their owners are being read (the
	 * dashboard's first poll, issue 14): the next poll, at once, fills them in. Absent: false.
	 */
	readonly ownersPending?: boolean;
}

export function openRecords(snapshot: Snapshot): SocketRecord[] {
	return snapshot.rows.filter((row) => row.status !== 'closed').map((row) => row.record);
}

import {errorMessage} from '../model/error-message.js';
import type {HostStatus} from '../model/host-status.js';
import type {ListingKey} from '../model/listing-order.js';
import type {SocketRecord, SourceResult} from '../model/socket-record.js';

/** How the rows are read: this machine's /proc or netstat, or (--no-local) only ssh links. */
export type SourceName = 'procfs' | 'netstat' | 'ssh';

/** What the caller will do with a read, so a source can skip work nobody looks at. */
export interface ReadHints {
	/**
	 * Whether the owners of this record matter (it is given with `owners` empty). A source
	 * that finds owners separately may leave them out of the records this rejects; when it
	 * rejects every record, the owner lookup can be skipped. See owner-demand.ts.
	 */
	readonly ownersWanted?: (record: SocketRecord) => boolean;
	/**
	 * The socket tables now, their owners at a later read: a source that finds owners
	 * separately (procfs walks every /proc/<pid>/fd) may return the records with `owners`
	 * empty and `ownersPending` set, without that lookup. The dashboard's first frame is
	 * drawn from such a read (issue 14); a source that cannot split its read ignores this.
	 */
	readonly ownersLater?: boolean;
	/**
	 * The order the records will be sorted in (`--once`: model/listing-order.ts). A source
	 * that looks owners up after reading its tables may sort its entries before that lookup,
	 * while the owner walk's worker is still busy, so that the sort after the read costs
	 * about one comparison per record; any other source ignores it.
	 */
	readonly order?: (a: ListingKey, b: ListingKey) => number;
}

/** A place sockets come from. `read` must honour `signal` (abort = give up, kill any child). */
export interface SocketSource {
	readonly name: SourceName;
	read(signal: AbortSignal, hints?: ReadHints): Promise<SourceResult>;
}

export type SourceErrorCode = 'ENOENT' | 'EACCES' | 'TIMEOUT' | 'EXIT' | 'PARSE' | 'UNSUPPORTED' | 'IO';

/**
 * A failure with a one-line message fit to show a user as is (no stack trace).
 * Sources throw only this; anything else reaching the store is wrapped into one.
 */
export class SourceError extends Error {
	readonly code: SourceErrorCode;
	/** Every watched host's state when the read failed because none answered (--no-local). */
	readonly hosts: readonly HostStatus[] | null;
	constructor(code: SourceErrorCode, message: string, hosts: readonly HostStatus[] | null = null) {
		super(message);
		this.name = 'SourceError';
		this.code = code;
		this.hosts = hosts;
	}
}

/** The one table from OS error codes (errno names) to SourceError codes; any other is IO. */
const OS_ERROR_CODES: Readonly<Record<string, SourceErrorCode>> = {
	ENOENT: 'ENOENT',
	EACCES: 'EACCES',
	EPERM: 'EACCES',
};

/** The SourceError code for an error thrown by the OS (fs, spawn). */
export function sourceErrorCodeOf(error: unknown): SourceErrorCode {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return (code !== undefined && OS_ERROR_CODES[code]) || 'IO';
}

export function toSourceError(error: unknown): SourceError {
	if (error instanceof SourceError) return error;
	return new SourceError(sourceErrorCodeOf(error), errorMessage(error));
}

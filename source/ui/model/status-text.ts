// What the panes and the header say when there are no rows to show, or no data yet:
// each message true for the case it names (loading is not "no match", no filter is not
// "no match", an error before any data is not "last good data").
import type {UnattributedCause} from '../../model/attribution.js';
import type {Snapshot} from '../../store/snapshot.js';

type DataState = Pick<Snapshot, 'lastGoodAt' | 'error' | 'waitingMs' | 'ownersPending'>;

/** The header's note while the first poll's owners are read (Snapshot.ownersPending). */
export const OWNERS_PENDING_TEXT = 'owners: reading…';

/** True until the first good poll. */
export const hasNoData = (snapshot: DataState) => snapshot.lastGoodAt === null;

/** A pane with no rows to show. */
export function emptyPaneText(snapshot: DataState, filtering: boolean): string {
	if (hasNoData(snapshot))
		return snapshot.error === null ? 'loading…' : 'no data: the source failed (see below)';
	if (!filtering) return 'no sockets';
	// A filter on owners (proc:, pid:) cannot match before they are read: not "no match" yet.
	return snapshot.ownersPending ? `no match yet, ${OWNERS_PENDING_TEXT}` : 'no sockets match the filter';
}

/** The header's note on the data: when it last changed, or how long the first read has run. */
export function dataAgeText(
	snapshot: DataState,
	clock: (ms: number) => string,
	updatedAt: number | null,
): string {
	if (!hasNoData(snapshot)) return updatedAt === null ? '' : `updated ${clock(updatedAt)}`;
	if (snapshot.waitingMs !== null) return `reading sockets… ${Math.floor(snapshot.waitingMs / 1000)} s`;
	return snapshot.error === null ? 'reading sockets…' : 'no data yet, retrying';
}

const knownCause = (cause: UnattributedCause | null, isRoot: boolean): UnattributedCause =>
	cause ?? (isRoot ? 'hidden-from-root' : 'not-root');

/** The header's hint after the unattributed count: its cause, briefly. */
export function unattributedHint(cause: UnattributedCause | null, isRoot: boolean): string {
	return knownCause(cause, isRoot) === 'not-root'
		? '(not root: run with sudo to see their owners)'
		: '(owners hidden from root: PID namespace, sandbox or hidepid)';
}

/** The same hint where the header has less room. */
export function unattributedShortHint(cause: UnattributedCause | null, isRoot: boolean): string {
	// "(hidden from root)" read as "hidden from you, root" at 80 columns: say what is hidden.
	return knownCause(cause, isRoot) === 'not-root' ? '(sudo shows owners)' : '(owners hidden)';
}

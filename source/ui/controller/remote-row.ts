// Rows of another host (`--host`): their pids are that machine's, so nothing here may
// signal or read them as local ones. Details and kill go no further than a message with
// the ssh command that does it there; `p` filters on the host as well as the pid.
import {isLoopbackAddress} from '../../model/address.js';
import {LOCAL_HOST, type SocketRecord} from '../../model/socket-record.js';

export const isRemote = (record: SocketRecord): boolean => record.host !== LOCAL_HOST;

/** What Enter or K says on a remote row (null for a local one). */
export function remoteRowMessage(record: SocketRecord, action: 'details' | 'kill'): string | null {
	if (!isRemote(record) || record.pid === null) return null;
	const what = action === 'kill' ? `kill -TERM ${record.pid}` : `socktop -f pid:${record.pid}`;
	return `${record.pid} is on ${record.host}: ssh ${record.host} ${what}`;
}

/** The filter `p` sets: the pid, and the host when it is not this machine. */
export function processFilter(record: SocketRecord, pid: number): string {
	return isRemote(record) ? `host:${record.host} pid:${pid}` : `pid:${pid}`;
}

/**
 * The scan target for a remote row whose own address says nothing from here (a wildcard
 * or loopback): the host itself, as ssh names it without the user (`admin@web1` → `web1`).
 */
export function remoteScanTarget(record: SocketRecord, address: string): string {
	if (!isRemote(record)) return address;
	const wildcard = address === '0.0.0.0' || address === '::';
	if (!wildcard && !isLoopbackAddress(address)) return address;
	return record.host.slice(record.host.lastIndexOf('@') + 1);
}

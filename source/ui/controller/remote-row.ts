// Rows of another host (`--host`): their pids are that machine's, so nothing here may
// signal or read them as local ones. Kill goes to that host (the dialog names it, the
// signal goes through `ssh DEST kill`: sources/remote/remote-killer.ts); details come from
// that host's socktop (sources/remote/remote-details.ts); `p` filters on the host as well as the pid.
import {isLoopbackAddress} from '../../model/address.js';
import {LOCAL_HOST, type SocketRecord} from '../../model/socket-record.js';

export const isRemote = (record: SocketRecord): boolean => record.host !== LOCAL_HOST;

/**
 * Why Enter/K/p cannot act on a remote row with no pid: that host's ss or netstat gave
 * none (the fallback run by a user who is not root there, or a netstat without pids).
 */
export function remoteNoPidMessage(record: SocketRecord): string {
	return `pid unknown on ${record.host} (its ss/netstat showed no owner: root there shows it)`;
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

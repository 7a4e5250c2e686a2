import {compareAddresses} from '../model/address-order.js';
import {compareText} from '../model/compare-text.js';
import type {SocketRecord} from '../model/socket-record.js';

const STATE_ORDER: Record<string, number> = {LISTEN: 0, UNCONN: 1, ESTABLISHED: 2};

/** The order `--once` prints: listeners first, then by protocol, local port and address (numerically), remote end. */
export function sortForListing(records: readonly SocketRecord[]): SocketRecord[] {
	return [...records].sort(
		(a, b) =>
			(STATE_ORDER[a.state] ?? 3) - (STATE_ORDER[b.state] ?? 3) ||
			compareText(a.proto, b.proto) ||
			a.localPort - b.localPort ||
			compareAddresses(a.localAddress, b.localAddress) ||
			compareAddresses(a.remoteAddress, b.remoteAddress) ||
			(a.remotePort ?? 0) - (b.remotePort ?? 0),
	);
}

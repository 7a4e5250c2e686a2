// The order `--once` prints sockets in, on the fields a socket table line has (no owners):
// so a source can put its entries in this order before its owner lookup (ReadHints.order),
// and the sort after it finds them sorted (docs/cold-read.md, fifth pass).
import {compareAddresses} from './address-order.js';
import {compareText} from './compare-text.js';
import type {SocketRecord} from './socket-record.js';

/** What the listing order reads of a socket. */
export type ListingKey = Pick<
	SocketRecord,
	'state' | 'proto' | 'localPort' | 'localAddress' | 'remoteAddress' | 'remotePort'
>;

const STATE_ORDER: Record<string, number> = {LISTEN: 0, UNCONN: 1, ESTABLISHED: 2};

/** Listeners first, then by protocol, local port and address (numerically), remote end. */
export function compareForListing(a: ListingKey, b: ListingKey): number {
	return (
		(STATE_ORDER[a.state] ?? 3) - (STATE_ORDER[b.state] ?? 3) ||
		compareText(a.proto, b.proto) ||
		a.localPort - b.localPort ||
		compareAddresses(a.localAddress, b.localAddress) ||
		compareAddresses(a.remoteAddress, b.remoteAddress) ||
		(a.remotePort ?? 0) - (b.remotePort ?? 0)
	);
}

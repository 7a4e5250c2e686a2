import {compareForListing} from '../model/listing-order.js';
import type {SocketRecord} from '../model/socket-record.js';

/**
 * The order `--once` prints: listeners first, then by protocol, local port and address
 * (numerically), remote end. Stable: records already in this order (a source given
 * ReadHints.order) come back as they are, for about one comparison each.
 */
export function sortForListing(records: readonly SocketRecord[]): SocketRecord[] {
	return [...records].sort(compareForListing);
}

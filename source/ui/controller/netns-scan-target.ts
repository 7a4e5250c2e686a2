// The scan target for a socket of another network namespace (a container's). Its 127.0.0.1 or
// a wildcard's "loopback" is not this machine's: prefilled as is, a scan would hit the host,
// the wrong machine. The address that reaches it is one the namespace holds itself (read from
// its fib_trie / if_inet6 by the procfs source, in the snapshot), and only through a route
// from here (a veth or bridge such as docker0).
import {isLoopbackAddress, isWildcardAddress} from '../../model/address.js';
import type {NetnsAddresses, PublishedPort} from '../../model/netns-addresses.js';
import type {SocketRecord} from '../../model/socket-record.js';
import type {FooterMessage} from '../ui-state.js';

export interface NetnsScanTarget {
	/** What the target field is prefilled with ('' when no address reaches the socket). */
	readonly target: string;
	/** Why, for the footer (null: a connection's peer, which says enough). */
	readonly message: FooterMessage | null;
	/** The ports to prefill instead of the last scan's (a host port a proxy publishes). */
	readonly ports?: string;
}

const reachable = (address: string) =>
	!isLoopbackAddress(address) && !address.toLowerCase().startsWith('fe80:');

/** null for a socket of this namespace (or of another host): the usual prefill applies. */
export function netnsScanTarget(
	record: SocketRecord,
	addresses: readonly NetnsAddresses[] | undefined,
): NetnsScanTarget | null {
	if (record.netns === null) return null;
	const where = record.container ?? `netns ${record.netns}`;
	const unreachable = (address: string): NetnsScanTarget => ({
		target: '',
		message: {
			kind: 'error',
			text: `${verb(record)} ${address} inside ${where}: not reachable from this host`,
		},
	});
	if (record.remoteAddress !== null && !isWildcardAddress(record.remoteAddress)) {
		// A connection: its peer, unless that peer is the namespace's own loopback.
		return isLoopbackAddress(record.remoteAddress)
			? unreachable(record.remoteAddress)
			: {target: record.remoteAddress, message: null};
	}
	const local = record.localAddress;
	if (isLoopbackAddress(local)) return unreachable(local);
	const own = addresses?.find((item) => item.netns === record.netns);
	// A proxy in this machine's namespace (docker-proxy) publishing this listener on a host port.
	const proxy = own?.published?.find(
		(port) =>
			port.proto === record.proto &&
			port.containerPort === record.localPort &&
			(isWildcardAddress(local) || port.containerAddress === local),
	);
	if (proxy) return viaProxy(proxy, where);
	if (!isWildcardAddress(local)) return {target: local, message: routed(local, where)};
	// IPv4 first: a dual-stack :: listener takes both, and IPv4 is what a bridge routes here.
	const candidates = [
		...(own?.ipv4 ?? []),
		...(record.family === 6 && local !== '0.0.0.0' ? (own?.ipv6 ?? []) : []),
	].filter(reachable);
	const target = candidates[0];
	if (target === undefined)
		return {
			target: '',
			message: {
				kind: 'error',
				text:
					own === undefined
						? `${where}'s addresses are not known yet: no target for a socket inside it`
						: `${where} has only loopback addresses: not reachable from this host`,
			},
		};
	return {target, message: routed(target, where)};
}

/**
 * The container's own address when this machine routes to it (the host port said as the other
 * choice), else the host port the proxy publishes: the footer says which.
 */
function viaProxy(port: PublishedPort, where: string): NetnsScanTarget {
	const host = isWildcardAddress(port.hostAddress)
		? port.hostAddress.includes(':')
			? '::1'
			: '127.0.0.1'
		: port.hostAddress;
	const published = `${host}:${port.hostPort}`;
	if (port.containerRouted)
		return {
			target: port.containerAddress,
			message: {
				kind: 'info',
				text: `${port.containerAddress} is ${where}'s address, routed here; docker-proxy also publishes port ${port.containerPort} on ${published}`,
			},
		};
	return {
		target: host,
		ports: String(port.hostPort),
		message: {
			kind: 'info',
			text: `${port.containerAddress} (${where}) is not routed here: scanning ${published}, where docker-proxy publishes its port ${port.containerPort}`,
		},
	};
}

function verb(record: SocketRecord): string {
	return record.remoteAddress !== null && !isWildcardAddress(record.remoteAddress)
		? 'talks to'
		: 'listens on';
}

function routed(address: string, where: string): FooterMessage {
	return {
		kind: 'info',
		text: `${address} is ${where}'s address: reachable only if routed here`,
	};
}

// Which sockets satisfy `socktop wait --port P [--addr A]`: pure, so every case of address
// families is tested without a network (test/cli/wait-match.test.ts).
//
// Addresses are compared as addresses, not as text: `::ffff:127.0.0.1` (an IPv6 socket bound
// to an IPv4-mapped address, or typed so) is 127.0.0.1; `0:0::1` is `::1`. A wildcard socket
// covers every address of its family: `0.0.0.0` every IPv4 one, `::` every IPv6 one and,
// unless the socket is IPV6_V6ONLY, every IPv4 one too (Linux's default, net.ipv6.bindv6only
// = 0: such a socket takes IPv4 connections as v4-mapped and never appears in /proc/net/tcp).
// Whether a `::` socket is v6-only is not in /proc/net/tcp6; the caller finds it out (ss -e)
// only when it decides the answer.
import {isIPv4, isIPv6} from 'node:net';
import type {SocketOwner, SocketState} from '../model/socket-record.js';
import {bigIntToIpv6, ipv6ToBigInt} from '../scan/ip-address.js';

export interface WaitAddress {
	readonly family: 4 | 6;
	/** Canonical text: dotted IPv4, RFC 5952 IPv6 (v4-mapped ones become IPv4). */
	readonly address: string;
	readonly wildcard: boolean;
	/** `%eth0` of a link-local address as typed (compared only when both sides have one). */
	readonly zone: string | null;
}

const MAPPED_PREFIX = 0xffffn << 32n;

/** TEXT (an IP literal, with or without brackets and zone) as a WaitAddress; null if it is not one. */
export function canonicalAddress(text: string): WaitAddress | null {
	let body = text.trim();
	if (body.startsWith('[') && body.endsWith(']')) body = body.slice(1, -1);
	let zone: string | null = null;
	const percent = body.indexOf('%');
	if (percent !== -1) {
		zone = body.slice(percent + 1);
		body = body.slice(0, percent);
		if (zone === '' || !isIPv6(body)) return null;
	}
	if (isIPv4(body)) return {family: 4, address: body, wildcard: body === '0.0.0.0', zone: null};
	const value = ipv6ToBigInt(body);
	if (value === null) return null;
	if (value >> 32n === MAPPED_PREFIX >> 32n) {
		const v4 = Number(value & 0xffffffffn);
		const address = [v4 >>> 24, (v4 >>> 16) & 255, (v4 >>> 8) & 255, v4 & 255].join('.');
		return {family: 4, address, wildcard: address === '0.0.0.0', zone: null};
	}
	return {family: 6, address: bigIntToIpv6(value), wildcard: value === 0n, zone};
}

/** What the wait needs of a socket, from procfs or netstat. */
export interface WaitSocket {
	readonly proto: 'tcp' | 'udp';
	readonly family: 4 | 6;
	readonly localAddress: string;
	readonly localPort: number;
	readonly state: SocketState;
	/** Socket owner's uid; null when the source does not say. */
	readonly uid: number | null;
	/** null when the source does not say (netstat). */
	readonly inode: number | null;
	/** Holders as the source gives them (netstat -p); null when it does not (procfs). */
	readonly owners: readonly SocketOwner[] | null;
	/** The network namespace it is in, for messages (`netns:web`, `docker:3f2a… (netns 4026…)`); absent: socktop's own. */
	readonly where?: string | null;
}

export interface WaitCondition {
	readonly proto: 'tcp' | 'udp';
	readonly port: number;
	/** Any one of them will do; null: any address. */
	readonly targets: readonly WaitAddress[] | null;
}

export type Coverage =
	| {readonly kind: 'yes'; readonly connectTo: string}
	| {readonly kind: 'no'}
	/** Only a `::` socket's IPV6_V6ONLY decides it (its inode: ask, then call again). */
	| {readonly kind: 'ask-v6only'};

/** The v6only flag of a socket by inode: true/false when known, undefined when not. */
export type V6onlyOf = (socket: WaitSocket) => boolean | undefined;

/** A socket on the condition's proto and port that is a listener (TCP LISTEN; UDP: any bound socket). */
export function isCandidate(socket: WaitSocket, condition: WaitCondition): boolean {
	if (socket.proto !== condition.proto || socket.localPort !== condition.port) return false;
	return socket.proto === 'udp' || socket.state === 'LISTEN';
}

const loopbackOf = (family: 4 | 6) => (family === 4 ? '127.0.0.1' : '::1');
const withZone = (target: WaitAddress) => (target.zone ? `${target.address}%${target.zone}` : target.address);

/** Whether SOCKET (a candidate) satisfies the condition's addresses, and where to connect if asked. */
export function coverage(socket: WaitSocket, condition: WaitCondition, v6onlyOf: V6onlyOf): Coverage {
	const local = canonicalAddress(socket.localAddress);
	if (local === null) return {kind: 'no'};
	if (condition.targets === null) {
		if (!local.wildcard) return {kind: 'yes', connectTo: withZone(local)};
		// A dual-stack `::` answers on ::1 as well as 127.0.0.1; a v4 wildcard on 127.0.0.1.
		return {kind: 'yes', connectTo: loopbackOf(local.family)};
	}
	let unknown = false;
	for (const target of condition.targets) {
		const connectTo = target.wildcard ? loopbackOf(target.family) : withZone(target);
		if (local.family === target.family) {
			if (local.wildcard) return {kind: 'yes', connectTo};
			if (local.address !== target.address) continue;
			if (local.zone !== null && target.zone !== null && local.zone !== target.zone) continue;
			return {kind: 'yes', connectTo};
		}
		// Only an IPv6 wildcard crosses families, and only towards IPv4.
		if (local.family === 6 && local.wildcard && target.family === 4) {
			const v6only = v6onlyOf(socket);
			if (v6only === false) return {kind: 'yes', connectTo};
			if (v6only === undefined) unknown = true;
		}
	}
	return unknown ? {kind: 'ask-v6only'} : {kind: 'no'};
}

/** Text of a socket for messages: `tcp [::1]:8080`. */
export function describeSocket(
	socket: Pick<WaitSocket, 'proto' | 'localAddress' | 'localPort' | 'where'>,
): string {
	const host = socket.localAddress.includes(':') ? `[${socket.localAddress}]` : socket.localAddress;
	return `${socket.proto} ${host}:${socket.localPort}${socket.where ? ` in ${socket.where}` : ''}`;
}

import {isIPv6} from '../model/ip-literal.js';
import {ipv4ToNumber} from '../model/ipv4-number.js';
import {ipv6GroupsToText} from '../model/ipv6-text.js';

// IPv6 address arithmetic for CIDR expansion (IPv4's is in model/ipv4-number.ts).

/** 128-bit value of an IPv6 address (no zone), including embedded IPv4 tails (`::ffff:1.2.3.4`). */
export function ipv6ToBigInt(address: string): bigint | null {
	if (!isIPv6(address) || address.includes('%')) return null;
	let text = address;
	const lastColon = text.lastIndexOf(':');
	const tail = text.slice(lastColon + 1);
	if (tail.includes('.')) {
		const v4 = ipv4ToNumber(tail);
		if (v4 === null) return null;
		text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
	}
	const [head = '', rest] = text.split('::');
	const headGroups = head === '' ? [] : head.split(':');
	const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
	const missing = 8 - headGroups.length - restGroups.length;
	const groups =
		rest === undefined ? headGroups : [...headGroups, ...Array(missing).fill('0'), ...restGroups];
	if (groups.length !== 8) return null;
	return groups.reduce((acc, group) => (acc << 16n) | BigInt(Number.parseInt(group, 16)), 0n);
}

/** RFC 5952 text of a 128-bit address. */
export function bigIntToIpv6(value: bigint): string {
	const groups: number[] = [];
	for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
	return ipv6GroupsToText(groups);
}

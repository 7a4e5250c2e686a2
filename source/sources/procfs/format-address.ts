import {ipv6GroupsToText} from '../../model/ipv6-text.js';

// Address bytes (network order) to text. IPv6 follows RFC 5952: lower case,
// no leading zeros, the longest run (first on a tie) of two or more zero
// groups becomes `::`, IPv4-mapped addresses end in dotted IPv4.

export function formatIPv4(bytes: readonly number[]): string {
	return bytes.slice(0, 4).join('.');
}

export function formatIPv6(bytes: readonly number[]): string {
	const groups: number[] = [];
	for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
	if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
		return `::ffff:${formatIPv4(bytes.slice(12, 16))}`;
	}
	return ipv6GroupsToText(groups);
}

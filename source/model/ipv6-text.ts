/**
 * Eight 16-bit groups as RFC 5952 text: lower case, no leading zeros, the longest
 * run (first on a tie) of two or more zero groups shortened to `::`.
 */
export function ipv6GroupsToText(groups: readonly number[]): string {
	let bestStart = -1;
	let bestLength = 1; // a lone zero group is never compressed
	for (let i = 0; i < 8; ) {
		if (groups[i] !== 0) {
			i++;
			continue;
		}
		let j = i;
		while (j < 8 && groups[j] === 0) j++;
		if (j - i > bestLength) {
			bestStart = i;
			bestLength = j - i;
		}
		i = j;
	}
	const hex = (list: readonly number[]) => list.map((group) => group.toString(16)).join(':');
	if (bestStart < 0) return hex(groups);
	return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

// Addresses in numeric order: IPv4 before IPv6, then by value, so 127.0.0.5 sorts
// before 127.0.0.10 and ::2 before ::10. Used by `--once` and the dashboard alike.
// Text sorts ("127.0.0.10" < "127.0.0.5") put neighbours far apart.

/** A sortable key: family digit, then the value as fixed-width hex, then any %scope. */
function parseKey(address: string): string {
	const percent = address.indexOf('%');
	const bare = percent === -1 ? address : address.slice(0, percent);
	const scope = percent === -1 ? '' : address.slice(percent);
	const v4 = ipv4Hex(bare);
	if (v4 !== null) return `4${v4}${scope}`;
	const v6 = ipv6Hex(bare);
	if (v6 !== null) return `6${v6}${scope}`;
	return `9${address}`; // not an address ('*', a name): after every address, by text
}

function ipv4Hex(text: string): string | null {
	const parts = text.split('.');
	if (parts.length !== 4) return null;
	let hex = '';
	for (const part of parts) {
		if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
		hex += Number(part).toString(16).padStart(2, '0');
	}
	return hex;
}

function ipv6Hex(text: string): string | null {
	if (!text.includes(':')) return null;
	let body = text;
	// An IPv4 tail (::ffff:1.2.3.4) becomes two groups.
	const lastColon = body.lastIndexOf(':');
	const tail = body.slice(lastColon + 1);
	if (tail.includes('.')) {
		const v4 = ipv4Hex(tail);
		if (v4 === null) return null;
		body = `${body.slice(0, lastColon + 1)}${v4.slice(0, 4)}:${v4.slice(4)}`;
	}
	const halves = body.split('::');
	if (halves.length > 2) return null;
	const groupsOf = (half: string) => (half === '' ? [] : half.split(':'));
	const head = groupsOf(halves[0]!);
	const rest = halves.length === 2 ? groupsOf(halves[1]!) : [];
	const missing = 8 - head.length - rest.length;
	if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
	const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
	let hex = '';
	for (const group of groups) {
		if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
		hex += group.toLowerCase().padStart(4, '0');
	}
	return hex;
}

// Sorting 100,000 rows compares each address ~17 times: parse each once. Bounded: the
// cache starts over when full (a busy table has far fewer distinct addresses).
const MAX_CACHED = 50_000;
const keys = new Map<string, string>();

/** The sort key of an address (see parseKey); equal keys mean the same address. */
export function addressSortKey(address: string): string {
	let key = keys.get(address);
	if (key === undefined) {
		if (keys.size >= MAX_CACHED) keys.clear();
		key = parseKey(address);
		keys.set(address, key);
	}
	return key;
}

/** Numeric address order; null (no remote end) first. */
export function compareAddresses(a: string | null, b: string | null): number {
	if (a === b) return 0;
	if (a === null) return -1;
	if (b === null) return 1;
	const ka = addressSortKey(a);
	const kb = addressSortKey(b);
	return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * The addresses a network namespace holds itself (read from its /proc/<pid>/net/fib_trie and
 * if_inet6), so a scan of one of its listeners can target an address that reaches it.
 */
export interface NetnsAddresses {
	/** The namespace's id, as in SocketRecord.netns. */
	readonly netns: number;
	/** Local IPv4 addresses, in fib_trie order (loopback included). */
	readonly ipv4: readonly string[];
	/** IPv6 addresses, in if_inet6 order (loopback and link-local included). */
	readonly ipv6: readonly string[];
	/** Its ports a proxy in this machine's namespace publishes (docker-proxy); absent: none. */
	readonly published?: readonly PublishedPort[];
}

/** A container port published on a host port by a proxy process (docker-proxy). */
export interface PublishedPort {
	readonly proto: 'tcp' | 'udp';
	/** Where the proxy listens here (`0.0.0.0`: every address). */
	readonly hostAddress: string;
	readonly hostPort: number;
	readonly containerAddress: string;
	readonly containerPort: number;
	/** Whether this machine has a direct (link) route to containerAddress: a bridge or veth. */
	readonly containerRouted: boolean;
	/** The proxy's pid. */
	readonly pid: number;
}

export function sameNetnsAddresses(a: readonly NetnsAddresses[], b: readonly NetnsAddresses[]): boolean {
	if (a.length !== b.length) return false;
	const same = (x: readonly string[], y: readonly string[]) =>
		x.length === y.length && x.every((v, i) => v === y[i]);
	return a.every((item, i) => {
		const other = b[i]!;
		return (
			item.netns === other.netns &&
			same(item.ipv4, other.ipv4) &&
			same(item.ipv6, other.ipv6) &&
			JSON.stringify(item.published ?? []) === JSON.stringify(other.published ?? [])
		);
	});
}

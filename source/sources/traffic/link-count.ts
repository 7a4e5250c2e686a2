// Pure: which interfaces of which network namespaces make the machine's traffic total, so that
// no byte is counted twice.
//
// The rule (README "What you see", docs/traffic.md "Machine total"):
// - loopback (`lo`) of every namespace is that namespace talking to itself: never in the
//   machine's in/out; summed apart as the loopback rate (each byte once: lo's bytes sent);
// - every other interface counts, except the second end of a link already counted: a veth pair
//   is one link (what one end sends, the other receives), counted at its end in socktop's own
//   namespace (the host ends of Docker's, Podman's, CNI's and `ip netns` veths, which every
//   container's traffic to the host and beyond crosses), else at its end in the namespace read
//   first (lowest census key). So a container's eth0 is not counted (its host end is), and an
//   interface whose traffic no host interface carries (a veth between two containers, a NIC
//   moved into a namespace, a tunnel) is counted once, where it is.
//
// /proc/<pid>/net/dev does not say which interface is whose peer (that is netlink's
// IFLA_LINK_NETNSID: Node cannot read it, and `ip` shows it only from inside the namespace, as
// root). But the kernel keeps a veth pair's counters as one: an end's bytes and packets
// received are its peer's sent (veth_get_stats64 reads the peer's tx counters for rx). Every
// namespace is read twice, one pass after the other, so each counter of an end is known as an
// interval of time's values; the two ends of a pair have overlapping mirrored intervals in all
// four counters, whatever the traffic. Unrelated interfaces do so only if all four counters are
// equal while idle (two never-used interfaces): one of them is then left out while it carries
// nothing, and every read decides again.
import type {NetDevInterface} from './parse-net-dev.js';

export interface NamespaceInterfaces {
	/** The census key of the namespace (netns-census.ts); ids of interfaces are `key/name`. */
	readonly key: number;
	/** socktop's own namespace. */
	readonly host: boolean;
	/** The first pass's lines and the second's (the one reported). */
	readonly first: readonly NetDevInterface[];
	readonly second: readonly NetDevInterface[];
}

/** counted: in the machine's in/out; peer: the other end of a counted link; loopback: `lo`. */
export type InterfaceRole = 'counted' | 'peer' | 'loopback';

export interface CountedInterface extends NetDevInterface {
	/** `key/name`: the same interface from one read to the next. */
	readonly id: string;
	readonly role: InterfaceRole;
}

interface Sampled {
	readonly first: NetDevInterface | undefined;
	readonly second: NetDevInterface;
}

const overlap = (a1: number, a2: number, b1: number, b2: number) =>
	Math.min(a1, a2) <= Math.max(b1, b2) && Math.min(b1, b2) <= Math.max(a1, a2);

/** Whether A and B can be the two ends of one link: each one's received is the other's sent. */
export function mirrors(a: Sampled, b: Sampled): boolean {
	const a1 = a.first ?? a.second;
	const b1 = b.first ?? b.second;
	const a2 = a.second;
	const b2 = b.second;
	return (
		overlap(a1.rxBytes, a2.rxBytes, b1.txBytes, b2.txBytes) &&
		overlap(a1.txBytes, a2.txBytes, b1.rxBytes, b2.rxBytes) &&
		overlap(a1.rxPackets, a2.rxPackets, b1.txPackets, b2.txPackets) &&
		overlap(a1.txPackets, a2.txPackets, b1.rxPackets, b2.rxPackets)
	);
}

/** Every interface of the second pass with its role; the host namespace first, then by key. */
export function countLinks(namespaces: readonly NamespaceInterfaces[]): CountedInterface[] {
	const ordered = [...namespaces].sort((a, b) => Number(b.host) - Number(a.host) || a.key - b.key);
	const result: CountedInterface[] = [];
	/** Counted interfaces whose other end has not been found yet. */
	const open: Sampled[] = [];
	for (const namespace of ordered) {
		const firstByName = new Map(namespace.first.map((line) => [line.name, line]));
		for (const line of namespace.second) {
			const id = `${namespace.key}/${line.name}`;
			if (line.name === 'lo') {
				result.push({...line, id, role: 'loopback'});
				continue;
			}
			const sampled: Sampled = {first: firstByName.get(line.name), second: line};
			const peerOf = open.findIndex((end) => mirrors(end, sampled));
			if (peerOf >= 0) {
				open.splice(peerOf, 1);
				result.push({...line, id, role: 'peer'});
			} else {
				open.push(sampled);
				result.push({...line, id, role: 'counted'});
			}
		}
	}
	return result;
}

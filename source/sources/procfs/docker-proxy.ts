// Pure: what a docker-proxy process publishes, from its argv, and whether this machine has a
// direct route to an address (its fib_trie's `link UNICAST` prefixes).
//
// dockerd starts one docker-proxy per published port, in the host namespace:
//   docker-proxy -proto tcp -host-ip 0.0.0.0 -host-port 8080 -container-ip 172.17.0.2 -container-port 80
// (moby's portmapper; Go's flag package also takes `--flag` and `-flag=value`). The listener it
// holds on the host port reaches the container's port: a scan target when the container's own
// address is not routed here (netns-scan-target.ts).

import {ipv4ToNumber} from '../../model/ipv4-number.js';
import {fibTrieLeaves} from './parse-netns-addresses.js';

export interface ProxiedPort {
	readonly proto: 'tcp' | 'udp';
	readonly hostAddress: string;
	readonly hostPort: number;
	readonly containerAddress: string;
	readonly containerPort: number;
}

const FLAGS = new Set(['proto', 'host-ip', 'host-port', 'container-ip', 'container-port']);

/** The port a docker-proxy publishes, from its NUL-separated /proc/<pid>/cmdline; null if not one. */
export function parseDockerProxyCmdline(cmdline: string): ProxiedPort | null {
	const argv = cmdline.split('\0').filter((word) => word !== '');
	const values = new Map<string, string>();
	for (let i = 0; i < argv.length; i++) {
		const match = /^--?([a-z-]+)(?:=(.*))?$/.exec(argv[i]!);
		if (!match || !FLAGS.has(match[1]!)) continue;
		const value = match[2] ?? argv[++i];
		if (value !== undefined) values.set(match[1]!, value);
	}
	const proto = values.get('proto') ?? 'tcp';
	const hostPort = port(values.get('host-port'));
	const containerPort = port(values.get('container-port'));
	const hostAddress = values.get('host-ip') ?? '0.0.0.0';
	const containerAddress = values.get('container-ip');
	if (
		(proto !== 'tcp' && proto !== 'udp') ||
		hostPort === null ||
		containerPort === null ||
		!containerAddress
	)
		return null;
	return {proto, hostAddress, hostPort, containerAddress, containerPort};
}

function port(text: string | undefined): number | null {
	if (text === undefined || !/^\d{1,5}$/.test(text)) return null;
	const value = Number(text);
	return value >= 1 && value <= 65_535 ? value : null;
}

/** IPv4 prefixes this namespace reaches directly (`/24 link UNICAST` under an address line). */
export function parseFibTrieLinkPrefixes(text: string): {network: number; bits: number}[] {
	const found: {network: number; bits: number}[] = [];
	for (const {address, bits, scope, type} of fibTrieLeaves(text)) {
		if (scope !== 'link' || type !== 'UNICAST') continue;
		const network = ipv4ToNumber(address);
		if (network !== null && !found.some((p) => p.network === network && p.bits === bits))
			found.push({network, bits});
	}
	return found;
}

/** Whether ADDRESS (IPv4) is inside one of PREFIXES. */
export function isDirectlyRouted(
	address: string,
	prefixes: readonly {network: number; bits: number}[],
): boolean {
	const value = ipv4ToNumber(address);
	if (value === null) return false;
	return prefixes.some(({network, bits}) => {
		const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
		return (value & mask) >>> 0 === (network & mask) >>> 0;
	});
}

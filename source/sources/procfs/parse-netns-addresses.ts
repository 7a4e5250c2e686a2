// A network namespace's own addresses, for a scan target that reaches its listeners from here
// (test/fixtures/netns-addresses has the real files and how they were captured).
import {formatIPv6} from './format-address.js';

/** One prefix line of /proc/<pid>/net/fib_trie under its address line (`|-- 10.213.7.2`). */
export interface FibTrieLeaf {
	readonly address: string;
	readonly bits: number;
	/** `host`, `link`, … */
	readonly scope: string;
	/** `LOCAL`, `UNICAST`, `BROADCAST`, … */
	readonly type: string;
}

/**
 * Walks fib_trie: each address line (`|-- 10.213.7.2`) followed by its prefix lines
 * (`/32 host LOCAL`, `/24 link UNICAST`). The trie is printed twice (Main and Local tables),
 * so a leaf may come twice: callers keep what they need once.
 */
export function fibTrieLeaves(text: string): FibTrieLeaf[] {
	const leaves: FibTrieLeaf[] = [];
	let address: string | null = null;
	for (const line of text.split('\n')) {
		const leaf = /^[\s|+-]*\|-- (\d{1,3}(?:\.\d{1,3}){3})\s*$/.exec(line);
		if (leaf) {
			address = leaf[1]!;
			continue;
		}
		const prefix = /^\s*\/(\d+) (\S+) (\S+)\s*$/.exec(line);
		if (address !== null && prefix)
			leaves.push({address, bits: Number(prefix[1]), scope: prefix[2]!, type: prefix[3]!});
		// One address line may carry several prefix lines: keep it until the next address line.
		if (!/^\s*\/\d+ /.test(line)) address = null;
	}
	return leaves;
}

/**
 * Local IPv4 addresses from /proc/<pid>/net/fib_trie: an address followed by `/32 host LOCAL`,
 * each once, in first-seen order. `127.0.0.0 /8 host LOCAL` (the loopback range) is no /32 and
 * is left out.
 */
export function parseFibTrieLocal(text: string): string[] {
	const found: string[] = [];
	for (const {address, bits, scope, type} of fibTrieLeaves(text))
		if (bits === 32 && scope === 'host' && type === 'LOCAL' && !found.includes(address)) found.push(address);
	return found;
}

/** Every IPv6 address of /proc/<pid>/net/if_inet6, in its order, once each. */
export function parseIfInet6Addresses(text: string): string[] {
	const found: string[] = [];
	for (const line of text.split('\n')) {
		const m = /^\s*([0-9a-fA-F]{32})\s/.exec(line);
		if (!m) continue;
		const bytes: number[] = [];
		for (let i = 0; i < 32; i += 2) bytes.push(Number.parseInt(m[1]!.slice(i, i + 2), 16));
		const address = formatIPv6(bytes);
		if (!found.includes(address)) found.push(address);
	}
	return found;
}

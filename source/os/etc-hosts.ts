import {readFileSync} from 'node:fs';

// /etc/hosts read as a file, never through the system resolver: `socktop wait --addr NAME`
// must not send a DNS query (nsswitch may list dns before files, and a name that is not in
// the file would go out to the network).

/** Lower-cased name or alias → its addresses, in file order (a name may have v4 and v6 lines). */
export function parseEtcHosts(text: string): Map<string, string[]> {
	const names = new Map<string, string[]>();
	for (const raw of text.split('\n')) {
		const line = raw.replace(/#.*/, '').trim();
		if (line === '') continue;
		const [address, ...aliases] = line.split(/\s+/);
		if (address === undefined) continue;
		for (const alias of aliases) {
			const key = alias.toLowerCase();
			const list = names.get(key) ?? [];
			if (!list.includes(address)) list.push(address);
			names.set(key, list);
		}
	}
	return names;
}

/** The text of the hosts file, or null when it cannot be read. */
export function readEtcHosts(path = '/etc/hosts'): string | null {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return null;
	}
}

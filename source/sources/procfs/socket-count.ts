// How many TCP/UDP sockets the tables will list, without reading them: /proc/net/sockstat
// counts them for the kernel's own accounting (a few lines, whatever the table's size).
import {readFileSync} from 'node:fs';

/** Sockets in use (TCP incl. TIME_WAIT, UDP, IPv4 and IPv6) from sockstat text; null if none found. */
export function parseSockstat(texts: readonly string[]): number | null {
	let total = 0;
	let found = false;
	for (const text of texts)
		for (const match of text.matchAll(/^(?:TCP|UDP|TCP6|UDP6): inuse (\d+)(?: orphan \d+ tw (\d+))?/gm)) {
			found = true;
			total += Number(match[1]) + Number(match[2] ?? 0);
		}
	return found ? total : null;
}

/** The count for this process's network namespace, or null when procfs cannot tell. */
export function countSockets(root = '/proc'): number | null {
	const texts: string[] = [];
	for (const file of ['sockstat', 'sockstat6']) {
		try {
			texts.push(readFileSync(`${root}/net/${file}`, 'utf8'));
		} catch {
			// no IPv6, or no procfs: what is there decides
		}
	}
	return parseSockstat(texts);
}

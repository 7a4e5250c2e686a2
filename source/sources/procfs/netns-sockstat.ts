// Pure: which of a namespace's four socket tables can hold anything, from its own counts in
// /proc/<pid>/net/sockstat and sockstat6 (per namespace; reading them costs ≈0.05 ms, no walk).
//
// Reading another namespace's `tcp` or `tcp6` walks the kernel's host-wide TCP hash: 7 ms of
// CPU (30–45 ms wall) each with 24k sockets on the host, for a namespace holding one UDP
// socket (docs/namespaces.md), while `udp`/`udp6` cost 0.1 ms. A table whose counts say it is
// empty is not read. Checked on real namespaces (test/fixtures/procfs/sockstat, Linux 6.18):
// - `TCP: inuse` counts IPv4 TCP sockets, `TCP6: inuse` IPv6 ones, including v4-mapped ones
//   (a v6 listener's child for a v4 client, a v6 socket connected to ::ffff:a.b.c.d), as the
//   tables list them;
// - `tw` (TIME_WAIT) covers both families, so either table may hold them;
// - a v4 client's SYN to a dual-stack v6 listener leaves an IPv4 request sock (SYN-RECV) in
//   `tcp` while only `TCP6` counts the listener: `tcp` is read whenever there is any TCP.
// A count that is missing or unreadable means "read it" (an old kernel, no IPv6 module).

export interface TablesToRead {
	readonly tcp: boolean;
	readonly tcp6: boolean;
	readonly udp: boolean;
	readonly udp6: boolean;
}

export const READ_ALL: TablesToRead = {tcp: true, tcp6: true, udp: true, udp6: true};

/** `inuse` (and `tw`) of each protocol line (`TCP:`, `UDP6:`…) of sockstat text. */
export function parseSockstat(text: string): Map<string, {inuse: number; tw: number | null}> {
	const counts = new Map<string, {inuse: number; tw: number | null}>();
	for (const line of text.split('\n')) {
		const match = /^(\w+):\s+inuse (\d+)(?:.*?\btw (\d+))?/.exec(line);
		if (match)
			counts.set(match[1]!, {inuse: Number(match[2]), tw: match[3] === undefined ? null : Number(match[3])});
	}
	return counts;
}

/** From the texts of sockstat and sockstat6 (empty when unreadable), the tables worth reading. */
export function tablesToRead(sockstat: string, sockstat6: string): TablesToRead {
	const v4 = parseSockstat(sockstat);
	const v6 = parseSockstat(sockstat6);
	const tcp = v4.get('TCP');
	const tcp6 = v6.get('TCP6');
	const udp = v4.get('UDP');
	const udp6 = v6.get('UDP6');
	// Unknown: read. Known zero: skip.
	const some = (...counts: (number | null | undefined)[]) =>
		counts.some((count) => count == null || count > 0);
	return {
		tcp: some(tcp?.inuse, tcp?.tw, tcp6?.inuse),
		tcp6: some(tcp6?.inuse, tcp?.tw),
		udp: some(udp?.inuse),
		udp6: some(udp6?.inuse),
	};
}

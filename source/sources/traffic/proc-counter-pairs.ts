// The counter files of /proc/net (snmp, netstat): per protocol a line of names, then a line of
// values, both starting with `Proto:`. Shared by the Tcp (parse-tcp-snmp.ts) and TcpExt
// (parse-tcp-ext.ts) parsers.

/** For each `PREFIX` pair of lines, a lookup of a counter by name (null: absent or not a count). */
export function counterPairs(text: string, prefix: string): ((name: string) => number | null)[] {
	const lines = text.split('\n').filter((line) => line.startsWith(prefix));
	const pairs: ((name: string) => number | null)[] = [];
	for (let i = 0; i + 1 < lines.length; i += 2) {
		const names = lines[i]!.trim().split(/\s+/);
		const values = lines[i + 1]!.trim().split(/\s+/);
		if (names.length !== values.length) continue;
		pairs.push((name) => {
			const at = names.indexOf(name);
			const value = at < 0 ? '' : values[at]!;
			return /^\d{1,20}$/.test(value) ? Number(value) : null;
		});
	}
	return pairs;
}

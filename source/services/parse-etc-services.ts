// Pure parser of the services(5) format:  name  port/proto  [aliases...]  [# comment]

export interface EtcServiceEntry {
	readonly name: string;
	readonly port: number;
	/** Lower-cased: `tcp`, `udp`, `sctp`, `ddp`... */
	readonly proto: string;
	readonly aliases: readonly string[];
}

export interface EtcServicesParse {
	readonly entries: readonly EtcServiceEntry[];
	/** Non-blank, non-comment lines that did not fit the format (skipped, never thrown). */
	readonly skippedLines: number;
}

const PORT_PROTO = /^(\d{1,5})\/([A-Za-z][A-Za-z0-9-]{0,15})$/;
// Names are printed in a terminal: keep to the characters real service names use.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._+*/-]{0,63}$/;

export function parseEtcServices(text: string): EtcServicesParse {
	const entries: EtcServiceEntry[] = [];
	let skippedLines = 0;
	for (const rawLine of text.split(/\r?\n/)) {
		const hash = rawLine.indexOf('#');
		const line = (hash === -1 ? rawLine : rawLine.slice(0, hash)).trim();
		if (line === '') continue;
		const [name, portProto, ...aliases] = line.split(/\s+/);
		const match = portProto === undefined ? null : PORT_PROTO.exec(portProto);
		const port = match ? Number(match[1]) : -1;
		if (!match || name === undefined || !NAME.test(name) || port > 65535) {
			skippedLines++;
			continue;
		}
		entries.push({
			name,
			port,
			proto: match[2]!.toLowerCase(),
			aliases: aliases.filter((alias) => NAME.test(alias)),
		});
	}
	return {entries, skippedLines};
}

// Reads the dashboard's screen (as tmux shows it) back into rows, and lists what is
// out of place: a row drawn one line off or left over from an earlier frame shows up
// as a duplicated title, a row outside its pane, or a footer that is not last.

export interface ScreenRow {
	/** Closed since the last poll: still shown, marked ×, for a few seconds. */
	readonly closed: boolean;
	readonly proto: string;
	readonly family: number;
	readonly localPort: number;
	readonly text: string;
}

export interface ParsedScreen {
	/** Every row shown, closed ones included. */
	readonly listening: ScreenRow[];
	readonly connections: ScreenRow[];
	/** N of "Listening (N)": the rows of the pane, closed ones included. */
	readonly listeningCount: number | null;
	readonly problems: string[];
}

// Selection mark, then the new (+) or closed (× or x) mark, then the protocol.
const ROW = /^[>▶ ]([ +×x])(tcp|udp)([46])\s+(\S+)\s+(\S+)/;
const LISTENING_TITLE = /^[>▶ ]\s?Listening \((\d+)\)/;
const CONNECTIONS_TITLE = /^[>▶ ]\s?Connections \((\d+)\)/;

function rowOf(line: string, pane: 'listening' | 'connections'): ScreenRow | null {
	const match = ROW.exec(line);
	if (!match) return null;
	const [, mark, proto, family, first, second] = match;
	// Listening: ADDRESS PORT …; Connections: LOCAL (address:port) REMOTE …
	const port = pane === 'listening' ? second! : first!.slice(first!.lastIndexOf(':') + 1);
	if (!/^\d{1,5}$/.test(port)) return null;
	const closed = mark === '×' || mark === 'x';
	return {closed, proto: proto!, family: Number(family), localPort: Number(port), text: line.trimEnd()};
}

export function parseScreen(screen: string): ParsedScreen {
	const lines = screen.split('\n').map((line) => line.trimEnd());
	while (lines.length > 0 && lines.at(-1) === '') lines.pop();
	const problems: string[] = [];
	const listening: ScreenRow[] = [];
	const connections: ScreenRow[] = [];
	if (!lines[0]?.startsWith('socktop'))
		problems.push(`line 1 is not the header: ${JSON.stringify(lines[0])}`);
	const titles = (pattern: RegExp) => lines.flatMap((line, index) => (pattern.test(line) ? [index] : []));
	const listeningAt = titles(LISTENING_TITLE);
	const connectionsAt = titles(CONNECTIONS_TITLE);
	if (listeningAt.length !== 1) problems.push(`${listeningAt.length} "Listening (" titles`);
	if (connectionsAt.length !== 1) problems.push(`${connectionsAt.length} "Connections (" titles`);
	const footerAt = lines.length - 1;
	if (!lines[footerAt]?.includes('q quit'))
		problems.push(`the last line is not the footer: ${JSON.stringify(lines[footerAt])}`);
	if (lines.filter((line) => line.includes('q quit')).length !== 1)
		problems.push('the footer appears more than once');
	const start = listeningAt[0] ?? -1;
	const middle = connectionsAt[0] ?? -1;
	for (const [index, line] of lines.entries()) {
		const pane = index > start && index < middle ? 'listening' : index > middle ? 'connections' : null;
		const row = pane ? rowOf(line, pane) : null;
		if (ROW.test(line) && !row) problems.push(`line ${index + 1} looks like a row but is not one: ${line}`);
		if (!row) continue;
		if (pane === null) problems.push(`line ${index + 1} is a row outside the panes: ${line}`);
		else (pane === 'listening' ? listening : connections).push(row);
	}
	for (const rows of [listening, connections]) {
		const seen = new Set<string>();
		for (const row of rows) {
			if (seen.has(row.text)) problems.push(`row shown twice: ${row.text}`);
			seen.add(row.text);
		}
	}
	const count =
		listeningAt[0] === undefined ? null : Number(LISTENING_TITLE.exec(lines[listeningAt[0]]!)?.[1]);
	return {listening, connections, listeningCount: count, problems};
}

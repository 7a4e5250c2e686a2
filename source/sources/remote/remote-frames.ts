// Reads what remote-script.ts prints, line by line (pure). Lines before the mode line (a
// login script's chatter) are ignored; after `mode socktop` every line is one JSON event
// (but for one ss table first, framed as below); after `mode fallback`, tables come between
// `table` and `end` markers, in parts split by `part` (one netstat run per protocol on the BSDs).

export type RemoteMode =
	| {readonly kind: 'socktop'}
	| {readonly kind: 'fallback'; readonly os: string; readonly tool: string};

export type FrameEvent =
	| {readonly type: 'mode'; readonly mode: RemoteMode}
	| {readonly type: 'json'; readonly line: string}
	| {readonly type: 'table'; readonly parts: readonly string[]};

export class FrameReader {
	private mode: RemoteMode | null = null;
	private pending = '';
	private table: string[][] | null = null;

	constructor(private readonly marker: string) {}

	/** Feeds a chunk of the stream; returns the events it completes. */
	push(chunk: string): FrameEvent[] {
		const text = this.pending + chunk;
		const lines = text.split('\n');
		this.pending = lines.pop()!;
		const events: FrameEvent[] = [];
		for (const line of lines) {
			const event = this.line(line);
			if (event) events.push(event);
		}
		return events;
	}

	private line(line: string): FrameEvent | null {
		const marked = line.startsWith(`${this.marker} `) ? line.slice(this.marker.length + 1) : null;
		if (this.mode === null) {
			if (marked === 'mode socktop') this.mode = {kind: 'socktop'};
			else if (marked?.startsWith('mode fallback ')) {
				const [os = '', tool = ''] = marked.slice('mode fallback '.length).split(' ');
				this.mode = {kind: 'fallback', os, tool};
			} else return null;
			return {type: 'mode', mode: this.mode};
		}
		if (marked === 'table') {
			this.table = [[]];
			return null;
		}
		// Outside a table: a remote socktop's JSON events; the fallback's loop prints nothing else.
		if (this.table === null)
			return this.mode.kind === 'socktop' && line.trim() !== '' ? {type: 'json', line} : null;
		if (marked === 'part') {
			this.table.push([]);
			return null;
		}
		if (marked === 'end') {
			const parts = this.table.map((part) => part.join('\n'));
			this.table = null;
			return {type: 'table', parts};
		}
		this.table[this.table.length - 1]!.push(line);
		return null;
	}
}

/** `Linux` → `linux`, the platform names the netstat parsers take. */
export function platformOf(os: string): NodeJS.Platform | null {
	switch (os) {
		case 'Linux':
			return 'linux';
		case 'Darwin':
			return 'darwin';
		case 'FreeBSD':
			return 'freebsd';
		default:
			return null;
	}
}

// Fake terminal ends for mounting the dashboard in tests and benches: an output side
// with a size that can change (and emits 'resize'), and a raw-mode input side.
import {EventEmitter} from 'node:events';
import {performance} from 'node:perf_hooks';

export interface Write {
	readonly at: number;
	readonly chunk: string;
}

export interface FakeStdoutOptions {
	/** Keep every chunk in `frames` (tests read the last frame). Default false. */
	readonly keepFrames?: boolean;
	/** Append every chunk to `recent`, which the caller empties (benches). Default false. */
	readonly keepRecent?: boolean;
}

/** A terminal's output side. Counts bytes; keeps what it is asked to keep. */
export class FakeStdout extends EventEmitter {
	columns: number;
	rows: number;
	readonly isTTY = true;
	bytes = 0;
	writes = 0;
	/** Every chunk, when kept (tests). */
	frames: string[] = [];
	/** Everything written since the caller last emptied it (benches). */
	recent = '';
	/** When true, every write is kept in `log` with its time (the latency bench replays them). */
	keep = false;
	log: Write[] = [];
	/** The start of everything written, to spot Ink's error screen. */
	head = '';
	private readonly keepFrames: boolean;
	private readonly keepRecent: boolean;
	constructor(columns: number, rows: number, options: FakeStdoutOptions = {}) {
		super();
		this.columns = columns;
		this.rows = rows;
		this.keepFrames = options.keepFrames ?? false;
		this.keepRecent = options.keepRecent ?? false;
	}
	write = (chunk: string | Uint8Array) => {
		const text = String(chunk);
		this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
		this.writes++;
		if (this.keepFrames) this.frames.push(text);
		if (this.keepRecent) this.recent += text;
		if (this.keep) this.log.push({at: performance.now(), chunk: text});
		if (this.head.length < 4096) this.head += text;
		return true;
	};
	lastFrame = () => this.frames.at(-1) ?? '';
	resize(columns: number, rows: number) {
		this.columns = columns;
		this.rows = rows;
		this.emit('resize');
	}
	/** Ink's error screen's message, if it drew one instead of the dashboard. */
	crash(): string | null {
		const match = /ERROR\s+(.*)/.exec(this.head.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''));
		return match ? (match[1]?.trim() ?? '') : null;
	}
	asStream = () => this as unknown as NodeJS.WriteStream;
}

/** A terminal's input side in raw mode, as Ink reads it: each write is one read. */
export class FakeStdin extends EventEmitter {
	readonly isTTY = true;
	private data: string | null = null;
	write = (data: string) => {
		this.data = data;
		this.emit('readable');
	};
	read = () => {
		const {data} = this;
		this.data = null;
		return data;
	};
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
	asStream = () => this as unknown as NodeJS.ReadStream;
}

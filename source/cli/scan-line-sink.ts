import {createSafeWriter} from './output.js';

// Writes lines to stdout with backpressure, and goes quiet once the reader has gone
// (`socktop scan ... --json | head` gives EPIPE): no error, no stack trace.

export interface LineSink {
	/** Queues a line (no newline needed); flushes in large chunks. */
	line(text: string): Promise<void>;
	flush(): Promise<void>;
	readonly closed: boolean;
}

const CHUNK = 64 * 1024;

export function createLineSink(stream: NodeJS.WritableStream): LineSink {
	const out = createSafeWriter(stream);
	let buffer = '';
	const write = async (text: string) => {
		if (text === '' || out.write(text) || out.closed()) return;
		await out.drained();
	};
	return {
		async line(text) {
			buffer += `${text}\n`;
			if (buffer.length >= CHUNK) await this.flush();
		},
		async flush() {
			const text = buffer;
			buffer = '';
			await write(text);
		},
		get closed() {
			return out.closed();
		},
	};
}

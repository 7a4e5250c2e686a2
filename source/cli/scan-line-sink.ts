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
	let closed = false;
	let buffer = '';
	// Attached for good: an EPIPE can arrive after the last write returned.
	stream.on('error', () => {
		closed = true;
	});
	const write = async (text: string) => {
		if (closed || text === '') return;
		let ok: boolean;
		try {
			ok = stream.write(text);
		} catch {
			closed = true;
			return;
		}
		if (ok || closed) return;
		await new Promise<void>((resolve) => {
			const done = () => {
				stream.off('drain', done);
				stream.off('close', done);
				stream.off('error', done);
				resolve();
			};
			stream.on('drain', done);
			stream.on('close', done);
			stream.on('error', done);
		});
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
			return closed;
		},
	};
}

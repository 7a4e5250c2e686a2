/** Where the non-interactive commands write; injected so tests can capture it. */
export interface Output {
	readonly stdout: NodeJS.WritableStream;
	readonly stderr: NodeJS.WritableStream;
}

/** The one writer for output that may go to a closed pipe (`socktop --json | head`). */
export interface SafeWriter {
	/** Writes unless the reader has gone; false when closed or when the stream asks to wait. */
	write(text: string | Uint8Array): boolean;
	closed(): boolean;
	/** Resolves when the stream can take more, or is closed. */
	drained(): Promise<void>;
}

/**
 * Once the reader has gone (EPIPE, a destroyed stream, any write error) the writer goes
 * quiet: callers stop when `closed()`, and no error or stack trace reaches the user.
 */
export function createSafeWriter(stream: NodeJS.WritableStream): SafeWriter {
	let closed = false;
	// Attached for good: an EPIPE can arrive after the last write returned.
	stream.on('error', () => {
		closed = true;
	});
	return {
		write(text) {
			if (closed) return false;
			try {
				return stream.write(text);
			} catch {
				closed = true;
				return false;
			}
		},
		closed: () => closed,
		drained: () =>
			new Promise<void>((resolve) => {
				if (closed) return resolve();
				const done = () => {
					stream.off('drain', done);
					stream.off('close', done);
					stream.off('error', done);
					resolve();
				};
				stream.on('drain', done);
				stream.on('close', done);
				stream.on('error', done);
			}),
	};
}

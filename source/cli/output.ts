/** Where the non-interactive commands write; injected so tests can capture it. */
export interface Output {
	readonly stdout: NodeJS.WritableStream;
	readonly stderr: NodeJS.WritableStream;
}

/**
 * Writes to a stream that may be a closed pipe (`socktop --json | head`).
 * Resolves false once the reader has gone, so callers can stop quietly.
 */
export function createSafeWriter(stream: NodeJS.WritableStream): {
	write(text: string): boolean;
	closed(): boolean;
} {
	let closed = false;
	stream.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') closed = true;
		else throw error;
	});
	return {
		write(text) {
			if (closed) return false;
			stream.write(text);
			return true;
		},
		closed: () => closed,
	};
}

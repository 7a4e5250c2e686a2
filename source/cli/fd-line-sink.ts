import {writeSync} from 'node:fs';
import {createLineSink, type LineSink} from './scan-line-sink.js';

// The scan's results written straight to a file descriptor, without process.stdout: making
// that stream loads node:stream and a dozen of its modules (a TTY also node:net), ≈5 ms of
// a top1000 scan's main-thread CPU, more than printing its line costs (docs/scan-start.md).
// The same contract as createLineSink: lines gathered and written in large chunks, and quiet
// once the reader has gone (EPIPE: `socktop scan … --json | head`). A descriptor that cannot
// take more now (EAGAIN: a non-blocking pipe its writer was handed) passes what is left, and
// every later line, to the stream, which waits for the reader.

const CHUNK = 64 * 1024;

/** Writes what `write` returns as written, to the end; the error code that stopped it, if any. */
function writeAll(
	fd: number,
	bytes: Buffer,
	write: typeof writeSync,
): {written: number; code: string | null} {
	let written = 0;
	while (written < bytes.length) {
		try {
			written += write(fd, bytes, written, bytes.length - written);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			return {written, code: typeof code === 'string' ? code : 'EUNKNOWN'};
		}
	}
	return {written, code: null};
}

export function createFdLineSink(
	fd: number,
	/** The stream on the same descriptor, made only if the descriptor asks to wait. */
	stream: () => NodeJS.WritableStream,
	write: typeof writeSync = writeSync,
): LineSink {
	let buffer = '';
	let closed = false;
	let fallback: LineSink | null = null;
	/** From now on through the stream, starting with the bytes the descriptor did not take. */
	const toStream = (rest: Buffer) => {
		const target = stream();
		// The sink first: it listens for the stream's errors (an EPIPE after the write).
		fallback = createLineSink(target);
		try {
			target.write(rest);
		} catch {
			// The sink has seen it too: it reports closed.
		}
	};
	const flush = async () => {
		const text = buffer;
		buffer = '';
		// Once on the stream, every line went straight to it: the buffer is empty.
		if (fallback) return fallback.flush();
		if (closed || text === '') return;
		const bytes = Buffer.from(text, 'utf8');
		const {written, code} = writeAll(fd, bytes, write);
		if (code === null) return;
		if (code === 'EAGAIN') toStream(bytes.subarray(written));
		else closed = true;
	};
	return {
		async line(text) {
			if (fallback) {
				await fallback.line(text);
				return;
			}
			buffer += `${text}\n`;
			if (buffer.length >= CHUNK) await flush();
		},
		flush,
		get closed() {
			return closed || (fallback?.closed ?? false);
		},
	};
}

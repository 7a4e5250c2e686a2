// Parses a large /proc/net table a slice of lines at a time, yielding to the
// event loop in between: 100k sockets would otherwise freeze the UI for a
// noticeable moment on every poll.
import {type ParseOptions, type ProcNetFile, type ProcNetParse, parseProcNet} from './parse-proc-net.js';

const CHUNK_CHARS = 256 * 1024; // ~1,700 IPv4 lines, a few ms of parsing

export async function parseInChunks(
	text: string,
	file: ProcNetFile,
	options: ParseOptions,
	signal: AbortSignal,
): Promise<ProcNetParse> {
	if (text.length <= CHUNK_CHARS) return parseProcNet(text, file, options);
	const entries: ProcNetParse['entries'] = [];
	let skippedLines = 0;
	for (let start = 0; start < text.length; ) {
		const newline = text.indexOf('\n', start + CHUNK_CHARS);
		const end = newline === -1 ? text.length : newline + 1;
		const part = parseProcNet(text.slice(start, end), file, options);
		for (const entry of part.entries) entries.push(entry);
		skippedLines += part.skippedLines;
		start = end;
		await new Promise((resolve) => setImmediate(resolve));
		signal.throwIfAborted();
	}
	return {entries, skippedLines};
}

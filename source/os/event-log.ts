import {appendFile, rename, stat} from 'node:fs/promises';
import {errorMessage} from '../model/error-message.js';

/**
 * Default size of one log file (`--log FILE`): at 10 MiB it is rotated to `FILE.1`
 * (replacing the previous `FILE.1`), so the log takes at most 20 MiB. An event line is
 * 400–600 bytes, so that is about 40,000 events.
 */
export const LOG_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Lines waiting for the disk at most. Above it new lines are dropped and counted, and a
 * `{"event":"dropped","count":N}` line says so once the disk catches up: a slow or stuck
 * disk costs log lines, never a frame. The first poll logs every open socket at once (20,017
 * lines on the test machine, measured: a queue of 2,000 dropped 18,000 of them), so the bound
 * holds a start on a busy machine: at ~450 bytes a line, 50,000 lines are ~22 MB at most.
 */
export const LOG_MAX_QUEUE = 50_000;

/** The file calls the log makes; tests inject a slow or failing disk. */
export interface LogFs {
	appendFile(path: string, data: string): Promise<void>;
	rename(from: string, to: string): Promise<void>;
	/** The file's size, or 0 when it does not exist. */
	size(path: string): Promise<number>;
}

export const systemLogFs: LogFs = {
	// 0600: the log names processes and users a root dashboard sees.
	appendFile: (path, data) => appendFile(path, data, {mode: 0o600}),
	rename: (from, to) => rename(from, to),
	async size(path) {
		try {
			return (await stat(path)).size;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
			throw error;
		}
	},
};

export interface EventLogOptions {
	readonly path: string;
	readonly maxBytes?: number;
	readonly maxQueue?: number;
	readonly fs?: LogFs;
	readonly now?: () => number;
	/**
	 * Called once, with one line, when the log cannot be written; the log then stops. CAUSE is
	 * the short form for a lasting marker (`EACCES`, the error's code, else `error`).
	 */
	readonly onError: (message: string, cause: string) => void;
}

export interface EventLog {
	/** Queues one line (no newline); returns at once. */
	write(line: string): void;
	/** Resolves when every queued line has been written (or the log has failed). */
	drained(): Promise<void>;
	/** Lines dropped because the queue was full or the log had failed. */
	dropped(): number;
}

/** Bytes gathered before one append (a first poll can log tens of thousands of lines). */
const BATCH_BYTES = 256 * 1024;

/** An append-only NDJSON log, written in the background, rotated by size. */
export function createEventLog(options: EventLogOptions): EventLog {
	const fs = options.fs ?? systemLogFs;
	const maxBytes = options.maxBytes ?? LOG_MAX_BYTES;
	const maxQueue = options.maxQueue ?? LOG_MAX_QUEUE;
	const now = options.now ?? Date.now;
	const rotated = `${options.path}.1`;
	let queue: string[] = [];
	let size: number | null = null;
	let failed = false;
	let dropped = 0;
	let droppedUnsaid = 0;
	let writing: Promise<void> | null = null;

	const fail = (error: unknown) => {
		failed = true;
		dropped += queue.length;
		queue = [];
		const code = (error as NodeJS.ErrnoException | null)?.code;
		options.onError(
			`--log ${options.path}: ${errorMessage(error)} (not logging; the dashboard goes on)`,
			typeof code === 'string' && /^[A-Z0-9_]{1,16}$/.test(code) ? code : 'error',
		);
	};

	/**
	 * Appends lines, rotating first whenever the next line would take the file past maxBytes.
	 * Bytes are counted line by line (measuring the growing batch each time was quadratic: a
	 * first poll of 10,000 sockets froze the dashboard for minutes), and a batch is written
	 * once it holds BATCH_BYTES, so the event loop gets a turn between writes.
	 */
	async function writeLines(lines: readonly string[]): Promise<void> {
		size ??= await fs.size(options.path);
		let batch: string[] = [];
		let batchBytes = 0;
		const flush = async () => {
			if (batch.length === 0) return;
			await fs.appendFile(options.path, batch.join(''));
			size = (size ?? 0) + batchBytes;
			batch = [];
			batchBytes = 0;
		};
		for (const line of lines) {
			const text = `${line}\n`;
			const bytes = Buffer.byteLength(text);
			if ((size ?? 0) + batchBytes + bytes > maxBytes && (size ?? 0) + batchBytes > 0) {
				await flush();
				await fs.rename(options.path, rotated);
				size = 0;
			}
			batch.push(text);
			batchBytes += bytes;
			if (batchBytes >= BATCH_BYTES) await flush();
		}
		await flush();
	}

	async function drain(): Promise<void> {
		while (queue.length > 0 && !failed) {
			const lines = queue;
			queue = [];
			if (droppedUnsaid > 0) {
				lines.unshift(
					JSON.stringify({event: 'dropped', time: new Date(now()).toISOString(), count: droppedUnsaid}),
				);
				droppedUnsaid = 0;
			}
			try {
				await writeLines(lines);
			} catch (error) {
				// Some of them may have reached the file; counted as lost all the same.
				dropped += lines.length;
				fail(error);
			}
		}
		writing = null;
	}

	return {
		write(line) {
			if (failed || queue.length >= maxQueue) {
				dropped++;
				if (!failed) droppedUnsaid++;
				return;
			}
			queue.push(line);
			writing ??= drain();
		},
		drained: async () => {
			while (writing) await writing;
		},
		dropped: () => dropped,
	};
}

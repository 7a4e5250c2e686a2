import {spawn} from 'node:child_process';
import {concatOutsideMalloc} from './bytes-outside-malloc.js';
import {openSpool, type Spool} from './output-spool.js';
import {SourceError, sourceErrorCodeOf} from './source.js';

export interface CommandOutput {
	readonly stdout: string;
	readonly stderr: string;
	readonly code: number | null;
}

export interface RunOptions {
	readonly signal: AbortSignal;
	readonly env?: NodeJS.ProcessEnv;
	/** Stop reading (and kill the child) past this many bytes of stdout (spooled: checked when it exits). */
	readonly maxBytes?: number;
	/**
	 * stdout into an unlinked file (output-spool.ts) rather than a pipe, read back in one piece
	 * when the child exits: for outputs of megabytes (ss at 10,000 connections, 9.4 MB), whose
	 * pipe reads are 64 KB malloc chunks each. Falls back to the pipe where no file can be made.
	 */
	readonly spool?: boolean;
}

/**
 * Runs a program with an argument array (never through a shell), collects its
 * output, and kills it when `signal` aborts. Failures become one-line SourceErrors.
 */
export function runCommand(
	file: string,
	args: readonly string[],
	options: RunOptions,
): Promise<CommandOutput> {
	const {signal, env, maxBytes = 256 * 1024 * 1024} = options;
	return new Promise((resolve, reject) => {
		if (signal.aborted) {
			reject(new SourceError('TIMEOUT', `${file} was cancelled before it started`));
			return;
		}
		let settled = false;
		// Its own process group (POSIX), so a timeout can kill the whole tree: a netstat
		// that is a wrapper script must not leave its children running, one per poll.
		const group = process.platform !== 'win32';
		let spool: Spool | null = null;
		let child: ReturnType<typeof spawn>;
		try {
			spool = options.spool ? openSpool(maxBytes) : null;
			child = spawn(file, args, {
				env,
				stdio: ['ignore', spool?.fd ?? 'pipe', 'pipe'],
				shell: false,
				detached: group,
			});
		} catch (error) {
			spool?.close();
			throw error;
		}
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		let outBytes = 0;
		let killedWith: SourceError | null = null;
		let graceTimer: NodeJS.Timeout | undefined;
		const finish = (fn: () => void) => {
			if (settled) return;
			settled = true;
			clearTimeout(graceTimer);
			signal.removeEventListener('abort', onAbort);
			try {
				fn();
			} finally {
				spool?.close();
			}
		};
		/** Kills the tree, and rejects once it has really gone (bounded), so polls never overlap. */
		const stop = (error: SourceError) => {
			if (killedWith || settled) return;
			killedWith = error;
			try {
				if (group && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
				else child.kill('SIGKILL');
			} catch {
				child.kill('SIGKILL');
			}
			graceTimer = setTimeout(() => finish(() => reject(error)), 1000);
		};
		const onAbort = () => stop(new SourceError('TIMEOUT', `${file} did not finish in time and was stopped`));
		signal.addEventListener('abort', onAbort, {once: true});
		child.stdout?.on('data', (chunk: Buffer) => {
			if (killedWith) return;
			outBytes += chunk.length;
			if (outBytes > maxBytes) {
				stop(new SourceError('PARSE', `${file} printed more than ${maxBytes} bytes`));
				return;
			}
			out.push(chunk);
		});
		child.stderr?.on('data', (chunk: Buffer) => {
			if (err.length < 64) err.push(chunk);
		});
		child.on('error', (error: NodeJS.ErrnoException) => {
			finish(() => {
				const code = sourceErrorCodeOf(error);
				if (code === 'ENOENT') reject(new SourceError(code, `${file} was not found on PATH`));
				else if (code === 'EACCES') reject(new SourceError(code, `permission denied running ${file}`));
				else reject(new SourceError(code, `could not run ${file}: ${error.message}`));
			});
		});
		child.on('close', (code) => {
			const error = killedWith;
			if (error) return finish(() => reject(error));
			if (spool !== null) {
				const spooled = spool;
				return finish(() => {
					const bytes = spooled.size();
					if (bytes > maxBytes)
						reject(new SourceError('PARSE', `${file} printed more than ${maxBytes} bytes`));
					else
						resolve({
							stdout: spooled.read(bytes).toString('utf8'),
							stderr: Buffer.concat(err).toString('utf8'),
							code,
						});
				});
			}
			finish(() =>
				resolve({
					// Joined outside malloc: `ss -tinHO` prints ≈ 9.4 MB at 10,000 connections, and that
					// buffer, freed, raised glibc's trim threshold to 18.8 MB (bytes-outside-malloc.ts).
					stdout: concatOutsideMalloc(out).toString('utf8'),
					stderr: Buffer.concat(err).toString('utf8'),
					code,
				}),
			);
		});
	});
}

import {spawn} from 'node:child_process';
import {SourceError, sourceErrorCodeOf} from './source.js';

export interface CommandOutput {
	readonly stdout: string;
	readonly stderr: string;
	readonly code: number | null;
}

export interface RunOptions {
	readonly signal: AbortSignal;
	readonly env?: NodeJS.ProcessEnv;
	/** Stop reading (and kill the child) past this many bytes of stdout. */
	readonly maxBytes?: number;
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
		const child = spawn(file, args, {env, stdio: ['ignore', 'pipe', 'pipe'], shell: false, detached: group});
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
			fn();
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
		child.stdout.on('data', (chunk: Buffer) => {
			if (killedWith) return;
			outBytes += chunk.length;
			if (outBytes > maxBytes) {
				stop(new SourceError('PARSE', `${file} printed more than ${maxBytes} bytes`));
				return;
			}
			out.push(chunk);
		});
		child.stderr.on('data', (chunk: Buffer) => {
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
			finish(() =>
				resolve({
					stdout: Buffer.concat(out).toString('utf8'),
					stderr: Buffer.concat(err).toString('utf8'),
					code,
				}),
			);
		});
	});
}

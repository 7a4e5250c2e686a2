// Runs a chunk of dist/ built as a classic script (scripts/script-chunk.mjs) through
// `vm.Script` with V8's code cache kept in the user's cache directory, the way
// v8-compile-cache does for CommonJS. Node 20 has no compile cache for ES modules
// (`module.enableCompileCache` is Node ≥ 22.1); the dashboard's chunk (Ink, React, yoga: ≈750 KB)
// is the one worth it (docs/first-frame.md has the measurements).
//
// The cache is an optimisation only: every failure (no HOME, read-only or foreign directory, a
// symlink, a corrupt or truncated file, another build's or another Node's data: V8 checks its
// own version, flags and the source and sets `cachedDataRejected`) falls back to compiling.
// SOCKTOP_NO_CACHE=1 turns it off.

import {createHash} from 'node:crypto';
import {
	closeSync,
	constants,
	fstatSync,
	lstatSync,
	mkdirSync,
	openSync,
	readdirSync,
	readFileSync,
	readSync,
	renameSync,
	unlinkSync,
	writeSync,
} from 'node:fs';
import {homedir} from 'node:os';
import {isAbsolute, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {Script} from 'node:vm';
import {beforeV8FlagChange, setV8Flag, v8FlagsSet} from '../threads/v8-flags.js';

/** Larger files are not read (a cache of the dashboard's chunk is ≈1–3 MB). */
export const MAX_CACHE_BYTES = 32 * 1024 * 1024;
/** Cache files kept per directory (builds and Node versions side by side); the oldest go first. */
export const MAX_CACHE_FILES = 4;
/** After the start, when the functions of the first frame have been compiled, the cache is written. */
const WRITE_AFTER_MS = 2_000;
const SUFFIX = '.v8cache';

type Env = Readonly<Record<string, string | undefined>>;

/** `$XDG_CACHE_HOME/socktop` or `~/.cache/socktop`; null when the cache is off or there is no home. */
export function cacheDirectory(env: Env = process.env): string | null {
	if (env.SOCKTOP_NO_CACHE && env.SOCKTOP_NO_CACHE !== '0') return null;
	const xdg = env.XDG_CACHE_HOME;
	if (xdg && isAbsolute(xdg)) return join(xdg, 'socktop');
	let home = env.HOME;
	if (!home) {
		try {
			home = homedir();
		} catch {
			return null;
		}
	}
	return home && isAbsolute(home) && home !== '/' ? join(home, '.cache', 'socktop') : null;
}

function euid(): number {
	return process.geteuid?.() ?? -1;
}

/** The directory made if missing; null unless it is a real directory (not a symlink) of this user, closed to others' writes. */
export function ownDirectory(dir: string): string | null {
	try {
		mkdirSync(dir, {recursive: true, mode: 0o700});
		const info = lstatSync(dir);
		if (!info.isDirectory() || info.uid !== euid() || (info.mode & 0o022) !== 0) return null;
		return dir;
	} catch {
		return null;
	}
}

/** The file's bytes when it is a regular file of this user within the size bound (never through a symlink). */
export function readCacheFile(path: string): Buffer | undefined {
	let fd: number | undefined;
	try {
		fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
		const info = fstatSync(fd);
		if (!info.isFile() || info.uid !== euid() || info.size === 0 || info.size > MAX_CACHE_BYTES)
			return undefined;
		const data = Buffer.allocUnsafe(info.size);
		let at = 0;
		while (at < data.length) {
			const n = readSync(fd, data, at, data.length - at, at);
			if (n === 0) return undefined;
			at += n;
		}
		return data;
	} catch {
		return undefined;
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

/** Written to a new file of its own, then renamed over the old one: a reader sees the old file or the new, whole. */
export function writeCacheFile(path: string, data: Buffer): boolean {
	if (data.length === 0 || data.length > MAX_CACHE_BYTES) return false;
	const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
	let fd: number | undefined;
	try {
		fd = openSync(
			temp,
			constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
			0o600,
		);
		let at = 0;
		while (at < data.length) at += writeSync(fd, data, at, data.length - at);
		closeSync(fd);
		fd = undefined;
		renameSync(temp, path);
		return true;
	} catch {
		if (fd !== undefined) closeSync(fd);
		try {
			unlinkSync(temp);
		} catch {}
		return false;
	}
}

/**
 * Keeps the directory bounded: cache files beyond the newest `keep` are removed, and temporary
 * files a killed writer left (older than a minute: another start may be writing one now).
 */
export function pruneCacheFiles(dir: string, keep = MAX_CACHE_FILES): void {
	try {
		const files = readdirSync(dir)
			.filter((name) => name.endsWith(SUFFIX) || name.endsWith('.tmp'))
			.map((name) => ({name, path: join(dir, name), mtime: lstatSync(join(dir, name)).mtimeMs}))
			.sort((a, b) => b.mtime - a.mtime);
		const caches = files.filter((file) => file.name.endsWith(SUFFIX));
		const stale = files.filter((file) => file.name.endsWith('.tmp') && file.mtime < Date.now() - 60_000);
		for (const file of [...caches.slice(keep), ...stale]) unlinkSync(file.path);
	} catch {}
}

/**
 * One cache file per chunk, build, Node and V8 flags: the build's hash of the chunk is in `key`;
 * V8 refuses data written under other flags (threads/v8-flags.ts), so the flags set so far and
 * the command line's get a file of their own rather than overwriting each other's (the dashboard
 * sets `--semi-space-growth-factor=1` before it loads when it reads on the main thread only).
 */
export function cacheFileName(
	key: string,
	flags: readonly string[] = v8FlagsSet(),
	env: Env = process.env,
): string {
	const launch = [...process.execArgv, env.NODE_OPTIONS ?? '', '|', ...flags].join(' ');
	const flagHash = createHash('sha256').update(launch).digest('hex').slice(0, 8);
	return `${key.replace(/[^\w-]/g, '_')}-node${process.versions.node}-${process.arch}-${flagHash}${SUFFIX}`;
}

/**
 * Flags the code the chunk runs sets soon after it loads, set before it is compiled instead, so
 * that the flags when the cache is written are those when it is next read: the dashboard's
 * composition starts heap-trim.ts, which sets `--expose-gc` (it only lets `gc` be taken later).
 */
const FLAGS_BEFORE_COMPILE = ['--expose-gc'];

type ChunkBody = (...args: unknown[]) => Promise<Record<string, unknown>>;

/**
 * Compiles the script at `url` (the text of `(async function(…){…})`) with the cached code when
 * there is some, calls it with `args`, and writes the cache once the start is over when there was
 * none or V8 refused it. Returns what the chunk exports.
 */
export async function runScriptChunk(
	url: URL,
	key: string,
	args: readonly unknown[],
	env: Env = process.env,
): Promise<Record<string, unknown>> {
	const filename = fileURLToPath(url);
	const source = readFileSync(filename, 'utf8');
	const dirName = cacheDirectory(env);
	if (dirName !== null) for (const flag of FLAGS_BEFORE_COMPILE) setV8Flag(flag);
	const dir = dirName === null ? null : ownDirectory(dirName);
	const file = dir === null ? null : join(dir, cacheFileName(key, v8FlagsSet(), env));
	const cachedData = file === null ? undefined : readCacheFile(file);
	// No `importModuleDynamically`: the chunk's `import()` calls are the stub's (scripts/script-chunk.mjs).
	const script = new Script(source, {filename, ...(cachedData ? {cachedData} : {})});
	const body = script.runInThisContext() as ChunkBody;
	if (file !== null && dir !== null && (cachedData === undefined || script.cachedDataRejected === true))
		scheduleWrite(script, file, dir);
	return body(...args);
}

/**
 * After WRITE_AFTER_MS (functions the start ran are compiled by then and go into the cache), or
 * sooner: at exit, or just before this thread sets a V8 flag (data written after would carry the
 * new flags and be refused at the next start). A flag a worker thread sets is not seen here: the
 * feed worker's (store/feed-worker.ts) comes a second after its first full table, which the main
 * thread hears of first and answers with a flag of its own (threads/settle-heap.ts).
 */
function scheduleWrite(script: Script, file: string, dir: string): void {
	let done = false;
	const write = () => {
		if (done) return;
		done = true;
		process.off('exit', write);
		clearTimeout(timer);
		stopListening();
		try {
			if (writeCacheFile(file, script.createCachedData())) pruneCacheFiles(dir);
		} catch {}
	};
	const timer = setTimeout(write, WRITE_AFTER_MS);
	timer.unref();
	const stopListening = beforeV8FlagChange(write);
	process.once('exit', write);
}

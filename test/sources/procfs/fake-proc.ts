// Builds a fake /proc tree in a temp dir (real symlinks `fd/3 -> socket:[999]`)
// and wraps the fs so tests can count calls and inject failures.
import {mkdir, mkdtemp, rm, symlink, unlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {nodeProcFs, type ProcFs} from '../../../source/sources/procfs/proc-fs.js';

export interface FakeProcess {
	readonly pid: number;
	readonly comm?: string;
	readonly cmdline?: string;
	/** Field 22 of /proc/<pid>/stat: a pid reused by another process has another start time. */
	readonly starttime?: number;
	/** fd number → link target, e.g. {3: 'socket:[999]', 4: '/dev/null'} */
	readonly fds?: Readonly<Record<number, string>>;
}

export interface FakeProc {
	readonly root: string;
	addProcess(process: FakeProcess): Promise<void>;
	/** The process exits: its /proc/<pid> goes. */
	removeProcess(pid: number): Promise<void>;
	/** Opens (or replaces) fd `fd` of `pid` with a link to `target`; null closes it. */
	setFd(pid: number, fd: number, target: string | null): Promise<void>;
	writeNet(file: 'tcp' | 'tcp6' | 'udp' | 'udp6', text: string): Promise<void>;
	remove(): Promise<void>;
}

export async function createFakeProc(processes: readonly FakeProcess[] = []): Promise<FakeProc> {
	const root = await mkdtemp(join(tmpdir(), 'socktop-proc-'));
	await mkdir(join(root, 'net'));
	await mkdir(join(root, 'self')); // non-numeric entries must be ignored
	const fake: FakeProc = {
		root,
		async addProcess({pid, comm = `proc${pid}`, cmdline = '', starttime = 1000, fds = {}}) {
			await mkdir(join(root, String(pid), 'fd'), {recursive: true});
			await writeFile(join(root, String(pid), 'comm'), `${comm}\n`);
			await writeFile(join(root, String(pid), 'stat'), statLine(pid, comm, starttime));
			await writeFile(join(root, String(pid), 'cmdline'), cmdline);
			for (const [fd, target] of Object.entries(fds))
				await symlink(target, join(root, String(pid), 'fd', fd));
		},
		removeProcess: (pid) => rm(join(root, String(pid)), {recursive: true, force: true}),
		async setFd(pid, fd, target) {
			const path = join(root, String(pid), 'fd', String(fd));
			await unlink(path).catch(() => {});
			if (target !== null) await symlink(target, path);
		},
		writeNet: (file, text) => writeFile(join(root, 'net', file), text),
		remove: () => rm(root, {recursive: true, force: true}),
	};
	for (const process of processes) await fake.addProcess(process);
	return fake;
}

/** A /proc/<pid>/stat line (fields 1–24 of proc(5)); the comm may hold spaces and parentheses. */
function statLine(pid: number, comm: string, starttime: number): string {
	return `${pid} (${comm}) S 1 ${pid} ${pid} 0 -1 4194304 100 0 0 0 1 1 0 0 20 0 1 0 ${starttime} 1000000 200\n`;
}

const HEADER =
	'  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';

/** A /proc/net/tcp or udp text; each socket on 127.0.0.1:port, listening unless given a remote port. */
export function netText(
	sockets: readonly {port: number; inode: number; uid?: number; state?: string}[],
): string {
	const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
	const lines = sockets.map(
		({port, inode, uid = 0, state = '0A'}, i) =>
			`${String(i).padStart(4)}: 0100007F:${hex(port)} 00000000:0000 ${state} 00000000:00000000 00:00000000 00000000 ${String(uid).padStart(5)}        0 ${inode} 1 0000000000000000 100 0 0 10 0\n`,
	);
	return HEADER + lines.join('');
}

export type FsOp = 'readdir' | 'readlink' | 'readFile';

export interface CountingFs extends ProcFs {
	/** Calls by operation, synchronous and asynchronous alike (readFileSync counts as readFile). */
	readonly calls: Record<FsOp, number>;
}

/** Real fs, counted; `fail(op, path)` may return an errno code to throw instead. */
export function countingFs(
	fail: (op: FsOp, path: string) => string | undefined = () => undefined,
): CountingFs {
	const calls = {readdir: 0, readlink: 0, readFile: 0};
	const check = (op: FsOp, path: string) => {
		calls[op]++;
		const code = fail(op, path);
		if (code) throw Object.assign(new Error(`${code}: ${op} '${path}'`), {code});
	};
	return {
		calls,
		async readFile(path) {
			check('readFile', path);
			return nodeProcFs.readFile(path);
		},
		readdirSync(path) {
			check('readdir', path);
			return nodeProcFs.readdirSync(path);
		},
		readlinkSync(path) {
			check('readlink', path);
			return nodeProcFs.readlinkSync(path);
		},
		readFileSync(path) {
			check('readFile', path);
			return nodeProcFs.readFileSync(path);
		},
	};
}

// The default Linux source: reads /proc/net/{tcp,tcp6,udp,udp6} directly and
// finds owners through /proc/<pid>/fd, with no child process.
import {endianness} from 'node:os';
import {makeRecord, type SocketRecord, type SourceResult} from '../../model/socket-record.js';
import {createUserNames} from '../../os/users.js';
import {type SocketSource, SourceError, sourceErrorCodeOf, toSourceError} from '../source.js';
import {parseInChunks} from './parse-in-chunks.js';
import type {ProcNetEntry, ProcNetFile} from './parse-proc-net.js';
import {nodeProcFs, type ProcFs} from './proc-fs.js';
import {createProcessOwners} from './process-owners.js';

export interface ProcfsSourceOptions {
	/** Where procfs is mounted. */
	readonly root?: string;
	readonly fs?: ProcFs;
	readonly now?: () => number;
	readonly passwdPath?: string;
	/** Owners are re-read from /proc/<pid>/fd at least this often (see process-owners.ts). */
	readonly rewalkMs?: number;
	/** Effective uid of this process; decides whether unattributed sockets deserve a warning. */
	readonly euid?: number | null;
}

// IPv4 files exist whenever /proc/net does; the IPv6 ones only when the kernel has IPv6.
const FILES: readonly {file: ProcNetFile; optional: boolean}[] = [
	{file: 'tcp', optional: false},
	{file: 'tcp6', optional: true},
	{file: 'udp', optional: false},
	{file: 'udp6', optional: true},
];

export function createProcfsSource(options: ProcfsSourceOptions = {}): SocketSource {
	const {root = '/proc', fs = nodeProcFs, now = Date.now, passwdPath = '/etc/passwd'} = options;
	const euid = options.euid !== undefined ? options.euid : (process.geteuid?.() ?? null);
	const bigEndian = endianness() === 'BE';
	const owners = createProcessOwners({root, fs, now, rewalkMs: options.rewalkMs});
	const users = createUserNames({path: passwdPath, readFile: (path) => fs.readFile(path), now});

	const readTable = async (file: ProcNetFile, optional: boolean, signal: AbortSignal) => {
		const path = `${root}/net/${file}`;
		let text: string;
		try {
			text = await fs.readFile(path);
		} catch (error) {
			const code = sourceErrorCodeOf(error);
			if (optional && code === 'ENOENT') return {entries: [], skippedLines: 0};
			if (code === 'ENOENT') throw new SourceError(code, `${path} not found: is /proc mounted?`);
			if (code === 'EACCES') throw new SourceError(code, `cannot read ${path}`);
			throw toSourceError(error);
		}
		return parseInChunks(text, file, {bigEndian}, signal);
	};

	const readAll = async (signal: AbortSignal): Promise<SourceResult> => {
		// Read side by side, but when several fail report the first in FILES order (tcp
		// before udp), not whichever failed first: the same fault gives the same message.
		const settled = await Promise.allSettled(
			FILES.map(({file, optional}) => readTable(file, optional, signal)),
		);
		const tables = settled.map((outcome) => {
			if (outcome.status === 'rejected') throw outcome.reason;
			return outcome.value;
		});
		signal.throwIfAborted();
		const entries = tables.flatMap((table) => table.entries);
		const ownersByInode = await owners.resolve(
			entries.map((entry) => entry.inode),
			signal,
		);
		const names = await users.lookup(entries.map((entry) => entry.uid));
		signal.throwIfAborted();
		let unattributed = 0;
		const records = entries.map((entry): SocketRecord => {
			const found = ownersByInode.get(entry.inode) ?? [];
			if (entry.inode !== 0 && found.length === 0) unattributed++;
			return toRecord(entry, found, names.get(entry.uid) ?? null);
		});
		const warnings: string[] = [];
		if (unattributed > 0 && euid !== 0) warnings.push(unattributedWarning(unattributed));
		return {
			records,
			unattributed,
			skippedLines: tables.reduce((sum, table) => sum + table.skippedLines, 0),
			warnings,
		};
	};

	return {
		name: 'procfs',
		async read(signal) {
			try {
				signal.throwIfAborted();
				return await untilAborted(readAll(signal), signal);
			} catch (error) {
				if (signal.aborted)
					throw new SourceError('TIMEOUT', 'reading /proc did not finish in time and was stopped');
				throw toSourceError(error);
			}
		},
	};
}

function toRecord(entry: ProcNetEntry, owners: SocketRecord['owners'], user: string | null): SocketRecord {
	return makeRecord({
		proto: entry.proto,
		family: entry.family,
		localAddress: entry.localAddress,
		localPort: entry.localPort,
		remoteAddress: entry.remoteAddress,
		remotePort: entry.remotePort,
		state: entry.state,
		owners,
		uid: entry.uid,
		user,
		inode: entry.inode,
	});
}

function unattributedWarning(count: number): string {
	const what =
		count === 1
			? "1 socket belongs to another user's process"
			: `${count} sockets belong to other users' processes`;
	return `${what}: run as root (sudo) to see their owners`;
}

/** Settles with `work`, or rejects as soon as `signal` aborts (the work itself stops at its next step). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(signal.reason);
		signal.addEventListener('abort', onAbort, {once: true});
		work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
	});
}

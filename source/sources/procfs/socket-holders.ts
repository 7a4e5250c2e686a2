// Which processes hold some given socket inodes, found through /proc/<pid>/fd, for
// `socktop wait --process NAME`. Unlike the dashboard's owner cache (process-owners.ts) this
// walks on demand only: a wait reads the table every 100 ms and needs owners only once a
// socket on the port shows up, and then only of the processes named NAME (their comm is one
// small read each; only theirs have their fd links read).
import type {SocketOwner} from '../../model/socket-record.js';
import {nodeProcFs, type ProcFs} from './proc-fs.js';
import {readProcessName} from './process-name.js';

export interface SocketHolders {
	/** inode → the processes found holding it (pid ascending). */
	readonly owners: Map<number, SocketOwner[]>;
	/**
	 * Processes that were looked at but whose fd links could not be read (EACCES: another
	 * user's process when not root; a process under another security policy). The sockets
	 * they hold are unknown, not absent.
	 */
	readonly hidden: SocketOwner[];
}

export interface HolderOptions {
	readonly root?: string;
	readonly fs?: Pick<ProcFs, 'readdirSync' | 'readlinkSync' | 'readFileSync'>;
	/** Only processes whose name (as socktop shows it) is this; null: every process. */
	readonly name?: string | null;
}

const PID = /^\d+$/;

export function findSocketHolders(inodes: ReadonlySet<number>, options: HolderOptions = {}): SocketHolders {
	const {root = '/proc', fs = nodeProcFs, name = null} = options;
	const owners = new Map<number, SocketOwner[]>();
	const hidden: SocketOwner[] = [];
	if (inodes.size === 0) return {owners, hidden};
	let pids: string[];
	try {
		pids = fs.readdirSync(root).filter((entry) => PID.test(entry));
	} catch {
		return {owners, hidden};
	}
	pids.sort((a, b) => Number(a) - Number(b));
	for (const pidText of pids) {
		const dir = `${root}/${pidText}`;
		let process: string;
		try {
			process = readProcessName(fs, dir);
		} catch {
			continue; // gone meanwhile
		}
		if (name !== null && process !== name) continue;
		const pid = Number(pidText);
		let fds: string[];
		try {
			fds = fs.readdirSync(`${dir}/fd`);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') hidden.push({pid, process});
			continue;
		}
		for (const fd of fds) {
			let link: string;
			try {
				link = fs.readlinkSync(`${dir}/fd/${fd}`);
			} catch {
				continue;
			}
			const m = /^socket:\[(\d+)\]$/.exec(link);
			if (!m) continue;
			const inode = Number(m[1]);
			if (!inodes.has(inode)) continue;
			const list = owners.get(inode) ?? [];
			if (!list.some((owner) => owner.pid === pid)) list.push({pid, process});
			owners.set(inode, list);
		}
	}
	return {owners, hidden};
}

import type {ProcFs} from './proc-fs.js';

const COMM_LENGTH = 15; // TASK_COMM_LEN - 1: longer names are cut by the kernel

/**
 * A process's name as socktop shows it, from every source on Linux: `comm`, unless the
 * kernel cut it and argv[0]'s basename is the full name. DIR is `/proc/<pid>`.
 * Synchronous: the owner walk makes its file calls synchronously (see proc-fs.ts).
 */
export function readProcessName(fs: Pick<ProcFs, 'readFileSync'>, dir: string): string {
	const comm = fs.readFileSync(`${dir}/comm`).replace(/\n$/, '');
	if (Buffer.byteLength(comm) < COMM_LENGTH) return comm;
	try {
		const cmdline = fs.readFileSync(`${dir}/cmdline`);
		const argv0 = cmdline.split('\0', 1)[0] ?? '';
		const base = argv0.slice(argv0.lastIndexOf('/') + 1);
		return base.length > comm.length && base.startsWith(comm) ? base : comm;
	} catch {
		return comm;
	}
}

import type {ProcFs} from './proc-fs.js';

const COMM_LENGTH = 15; // TASK_COMM_LEN - 1: longer names are cut by the kernel

/**
 * A process's name as socktop shows it, from every source on Linux: `comm`, unless the
 * kernel cut it and argv[0]'s basename is the full name. DIR is `/proc/<pid>`.
 */
export async function readProcessName(fs: ProcFs, dir: string): Promise<string> {
	const comm = (await fs.readFile(`${dir}/comm`)).replace(/\n$/, '');
	if (Buffer.byteLength(comm) < COMM_LENGTH) return comm;
	try {
		const cmdline = await fs.readFile(`${dir}/cmdline`);
		const argv0 = cmdline.split('\0', 1)[0] ?? '';
		const base = argv0.slice(argv0.lastIndexOf('/') + 1);
		return base.length > comm.length && base.startsWith(comm) ? base : comm;
	} catch {
		return comm;
	}
}

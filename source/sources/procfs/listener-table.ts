// The cheap read behind `socktop wait`: only the listeners of /proc/net/tcp{,6}, not the
// whole table.
//
// The kernel prints a TCP table by walking the listening hash first, then the established
// one (net/ipv4/tcp_ipv4.c, tcp_get_idx: listening_get_idx, then established_get_idx), and
// it formats lines only as they are read: each read() returns at most ≈4 KB (4050 bytes,
// 27 lines, on Linux 6.18; see docs/waiting-for-ports.md). So reading stops at the first
// line that is not a listener, and a machine with 20,000 connections costs a poll no more
// than one with none. UDP has no such order (its hash is by port): its tables are read whole,
// and are small on most machines.
import {closeSync, openSync, readSync} from 'node:fs';
import {type ProcNetEntry, type ProcNetFile, parseProcNet} from './parse-proc-net.js';

export interface ListenerRead {
	/** TCP: LISTEN sockets; UDP: every socket (bound, connected or not). */
	readonly entries: ProcNetEntry[];
	/**
	 * Whether the TCP listeners took more than one read() of some table. Between two reads
	 * the kernel resumes its walk by position, so a listener closing meanwhile can make the
	 * next one be skipped: an absence seen in such a read is worth confirming.
	 */
	readonly spanned: boolean;
}

export interface ListenerReaderOptions {
	/** Where the tables are (`/proc/net`, or a fixture directory in tests). */
	readonly dir?: string;
	/** Bytes asked for per read() (the kernel gives less: see above). */
	readonly chunkBytes?: number;
}

const LISTEN = '0A';
/** The `st` column of a table line: `  12: ADDR:PORT ADDR:PORT ST`. */
const STATE = /^\s*\d+:\s+[0-9A-Fa-f]+:[0-9A-Fa-f]{4}\s+[0-9A-Fa-f]+:[0-9A-Fa-f]{4}\s+([0-9A-Fa-f]{2})\s/;

export function createListenerReader(options: ListenerReaderOptions = {}) {
	const {dir = '/proc/net', chunkBytes = 64 * 1024} = options;
	const buffer = Buffer.allocUnsafe(chunkBytes);

	/** TCP: the table's text up to its last listener, and how many reads that took. */
	function readListenersText(file: ProcNetFile): {text: string; reads: number} {
		const fd = openSync(`${dir}/${file}`, 'r');
		try {
			let text = '';
			let reads = 0;
			let partial = '';
			for (;;) {
				const read = readSync(fd, buffer, 0, buffer.length, null);
				if (read === 0) return {text, reads};
				reads++;
				const lines = (partial + buffer.toString('latin1', 0, read)).split('\n');
				partial = lines.pop() ?? '';
				for (const line of lines) {
					const state = STATE.exec(line)?.[1];
					if (state !== undefined && state.toUpperCase() !== LISTEN) return {text, reads};
					text += `${line}\n`;
				}
			}
		} finally {
			closeSync(fd);
		}
	}

	function readWhole(file: ProcNetFile): string {
		const fd = openSync(`${dir}/${file}`, 'r');
		try {
			let text = '';
			for (;;) {
				const read = readSync(fd, buffer, 0, buffer.length, null);
				if (read === 0) return text;
				text += buffer.toString('latin1', 0, read);
			}
		} finally {
			closeSync(fd);
		}
	}

	return {
		/**
		 * The listeners of PROTO, IPv4 and IPv6. A missing table (no IPv6 in this kernel) is
		 * an empty one; any other error (EACCES) is thrown.
		 */
		read(proto: 'tcp' | 'udp'): ListenerRead {
			const entries: ProcNetEntry[] = [];
			let spanned = false;
			for (const file of proto === 'tcp' ? (['tcp', 'tcp6'] as const) : (['udp', 'udp6'] as const)) {
				let text: string;
				try {
					if (proto === 'tcp') {
						const read = readListenersText(file);
						text = read.text;
						if (read.reads > 1) spanned = true;
					} else text = readWhole(file);
				} catch (error) {
					if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
					throw error;
				}
				for (const entry of parseProcNet(text, file).entries)
					if (proto === 'udp' || entry.state === 'LISTEN') entries.push(entry);
			}
			return {entries, spanned};
		},
	};
}

export type ListenerReader = ReturnType<typeof createListenerReader>;

// Whether an IPv6 wildcard socket (`::`) also takes IPv4: IPV6_V6ONLY. /proc/net/tcp6 does
// not say (a dual-stack `[::]:80` and a v6-only one print the same line); sock_diag does,
// and `ss -e` prints it as `v6only:0|1` for any user (iproute2 6.1). Asked only when it
// decides a wait: `--addr 127.0.0.1` with nothing but a `[::]` socket on the port.
import {runCommand} from './run-command.js';

/** inode → v6only, from `ss -H -e` lines (`… ino:8576942 sk:… v6only:1 <->`). */
export function parseSsV6only(stdout: string): Map<number, boolean> {
	const found = new Map<number, boolean>();
	for (const line of stdout.split('\n')) {
		const inode = /\bino:(\d+)\b/.exec(line)?.[1];
		const v6only = /\bv6only:([01])\b/.exec(line)?.[1];
		if (inode !== undefined && v6only !== undefined && inode !== '0')
			found.set(Number(inode), v6only === '1');
	}
	return found;
}

/** The v6only flag of PROTO sockets on local PORT, by inode; empty when ss cannot be run. */
export async function readV6only(
	proto: 'tcp' | 'udp',
	port: number,
	signal: AbortSignal,
): Promise<Map<number, boolean>> {
	try {
		const {stdout, code} = await runCommand(
			'ss',
			[
				proto === 'tcp' ? '-Hltne' : '-Hulne',
				'-A',
				proto === 'tcp' ? 'tcp' : 'udp',
				'sport',
				'=',
				`:${port}`,
			],
			{signal, env: {...process.env, LC_ALL: 'C'}, maxBytes: 1024 * 1024},
		);
		return code === 0 ? parseSsV6only(stdout) : new Map();
	} catch {
		return new Map();
	}
}

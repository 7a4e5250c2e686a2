// The tables of a network namespace that no process is in: one bind-mounted under /run/netns
// (`ip netns add`) whose sockets are held by processes elsewhere (a daemon that made them
// there with setns(2) and went back; TIME_WAIT left after its processes exited). /proc has
// no pid to read them through, so a child enters the namespace and reads its own
// /proc/self/net: `nsenter --net=/run/netns/NAME tail -n +1 FILE…`, argv only, one spawn for
// all six files. Root only (setns needs CAP_SYS_ADMIN).
//
// Cost, measured here (load average 8, 2 cores): 0.12–0.23 s wall, 0.02–0.03 s CPU (mostly
// the kernel's) per spawn, `/usr/bin/time -f "%e %U %S" nsenter --net=… tail -n +1 …`. That
// is 10× a /proc read, so it is kept off the poll (idle-netns.ts).
import {existsSync} from 'node:fs';
import {runCommand} from '../run-command.js';
import {SourceError} from '../source.js';
import {parseTailSections} from './parse-tail-sections.js';

/** The namespace's mount went away between the census and the read. */
export class NamespaceGone extends Error {
	constructor(mount: string) {
		super(`network namespace ${mount} is gone`);
		this.name = 'NamespaceGone';
	}
}

/** The files read, in the order a namespace's texts are kept (procfs-source.ts). */
export const NAMED_NETNS_FILES = ['tcp', 'tcp6', 'udp', 'udp6', 'fib_trie', 'if_inet6'] as const;

/** The argv that reads the tables of the namespace mounted at `mount`. */
export function namedNetnsArgv(mount: string): [string, string[]] {
	return [
		'nsenter',
		[`--net=${mount}`, 'tail', '-n', '+1', ...NAMED_NETNS_FILES.map((file) => `/proc/self/net/${file}`)],
	];
}

/** The six texts (missing optional files as ''); rejects when tcp or udp could not be read. */
export async function readNamedNetns(mount: string, signal: AbortSignal): Promise<string[]> {
	const [file, args] = namedNetnsArgv(mount);
	const output = await runCommand(file, args, {signal, maxBytes: 64 * 1024 * 1024, spool: true});
	const sections = parseTailSections(output.stdout);
	const texts = NAMED_NETNS_FILES.map((name) => sections.get(`/proc/self/net/${name}`));
	if (texts[0] === undefined || texts[2] === undefined) {
		// Deleted between the census and the spawn (`ip netns delete`): gone, not a failure.
		if (!existsSync(mount)) throw new NamespaceGone(mount);
		throw new SourceError(
			'EXIT',
			`could not read network namespace ${mount}: ${output.stderr.trim().split('\n')[0] || `nsenter exited ${output.code}`}`,
		);
	}
	return texts.map((text) => text ?? '');
}

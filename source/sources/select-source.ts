import {readFile} from 'node:fs/promises';
import {createUserNames} from '../os/users.js';
import {createProcfsSource, type ProcfsSourceOptions} from './procfs/procfs-source.js';
import type {SocketSource, SourceName} from './source.js';

/** Which source the user asked for (`--source`); auto picks by platform. */
export type SourceChoice = 'auto' | SourceName;

/** auto: the fast procfs reader on Linux, the portable netstat reader elsewhere. */
export function sourceNameFor(
	choice: SourceChoice,
	platform: NodeJS.Platform = process.platform,
): SourceName {
	return choice === 'auto' ? (platform === 'linux' ? 'procfs' : 'netstat') : choice;
}

export function selectSource(
	choice: SourceChoice,
	platform: NodeJS.Platform = process.platform,
	netns = 'all',
	procfs: Pick<ProcfsSourceOptions, 'ownerSeed' | 'oneShot'> = {},
): SocketSource {
	if (sourceNameFor(choice, platform) === 'procfs') return createProcfsSource({...procfs, netns});
	// netstat prints numeric uids: names come from /etc/passwd, read on first use.
	const userNames = createUserNames({readFile: (path) => readFile(path, 'utf8')});
	// Its module at the first read: on Linux it is not the source, and in the dashboard's bundle
	// its 17 KB were compiled before the first frame for nothing (docs/first-frame.md, 2026-12-01).
	let netstat: Promise<SocketSource> | null = null;
	return {
		name: 'netstat',
		async read(signal, hints) {
			netstat ??= import('./netstat/netstat-source.js').then((m) =>
				m.createNetstatSource({platform, userNames}),
			);
			return (await netstat).read(signal, hints);
		},
	};
}

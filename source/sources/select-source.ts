import {readFile} from 'node:fs/promises';
import {createUserNames} from '../os/users.js';
import {createNetstatSource} from './netstat/netstat-source.js';
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
	return createNetstatSource({platform, userNames});
}

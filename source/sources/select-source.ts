import {readFileSync} from 'node:fs';
import type {SourceChoice} from '../cli/options.js';
import {createNetstatSource} from './netstat/netstat-source.js';
import {createProcfsSource} from './procfs/procfs-source.js';
import {parsePasswd} from './procfs/users.js';
import type {SocketSource, SourceName} from './source.js';

/** uid → name from /etc/passwd, read once on first use (netstat prints numeric uids). */
function passwdLookup(): (uid: number) => string | null {
	let users: Map<number, string> | null = null;
	return (uid) => {
		if (users === null) {
			try {
				users = parsePasswd(readFileSync('/etc/passwd', 'utf8'));
			} catch {
				users = new Map();
			}
		}
		return users.get(uid) ?? null;
	};
}

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
): SocketSource {
	if (sourceNameFor(choice, platform) === 'procfs') return createProcfsSource();
	return createNetstatSource({platform, lookupUser: passwdLookup()});
}

import type {SourceChoice} from '../cli/options.js';
import {createNetstatSource} from './netstat/netstat-source.js';
import {createProcfsSource} from './procfs/procfs-source.js';
import type {SocketSource} from './source.js';

/** auto: the fast procfs reader on Linux, the portable netstat reader elsewhere. */
export function selectSource(
	choice: SourceChoice,
	platform: NodeJS.Platform = process.platform,
): SocketSource {
	const name = choice === 'auto' ? (platform === 'linux' ? 'procfs' : 'netstat') : choice;
	return name === 'procfs' ? createProcfsSource() : createNetstatSource({platform});
}

// What to run on each platform. Always an argument array (never a shell).
import {SourceError} from '../source.js';

export interface CommandSpec {
	readonly file: string;
	readonly args: readonly string[];
}

export interface NetstatCommands {
	/** Each run's output is parsed on its own (BSDs need one run per protocol). */
	readonly runs: readonly CommandSpec[];
	/** Windows netstat prints pids only; tasklist names them. */
	readonly processNames: CommandSpec | null;
	readonly env: NodeJS.ProcessEnv;
	/** The one-line error when the netstat binary is missing. */
	readonly notFound: string;
}

export const LINUX_NOT_FOUND =
	'netstat was not found: install net-tools (apt-get install net-tools) or use --source procfs';

/** Throws SourceError('UNSUPPORTED') for platforms without a netstat parser. */
export function netstatCommands(
	platform: NodeJS.Platform,
	baseEnv: NodeJS.ProcessEnv = process.env,
): NetstatCommands {
	// The C locale keeps state words and headings in English where the tool honours it (not Windows).
	const env = {...baseEnv, LC_ALL: 'C', LANG: 'C'};
	const common = {env, processNames: null, notFound: 'netstat was not found on PATH'};
	switch (platform) {
		case 'linux':
			// -W: no truncated IPv6; -e: uid and inode; -p: pid/program (all of them as root).
			return {...common, runs: [{file: 'netstat', args: ['-tunapWe']}], notFound: LINUX_NOT_FOUND};
		case 'darwin':
			// -v: the owning process; -W: whole addresses. One run per protocol keeps other tables out.
			return {
				...common,
				runs: [
					{file: 'netstat', args: ['-anvW', '-p', 'tcp']},
					{file: 'netstat', args: ['-anvW', '-p', 'udp']},
				],
			};
		case 'freebsd':
			return {
				...common,
				runs: [
					{file: 'netstat', args: ['-an', '-W', '-p', 'tcp']},
					{file: 'netstat', args: ['-an', '-W', '-p', 'udp']},
				],
			};
		case 'win32':
			return {
				...common,
				runs: [{file: 'netstat.exe', args: ['-a', '-n', '-o']}],
				processNames: {file: 'tasklist.exe', args: ['/FO', 'CSV', '/NH']},
				notFound: 'netstat.exe was not found on PATH',
			};
		default:
			throw new SourceError('UNSUPPORTED', `the netstat source does not support ${platform} yet`);
	}
}

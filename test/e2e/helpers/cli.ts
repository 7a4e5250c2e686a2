import type {SpawnOptions} from 'node:child_process';
import {CLI_PATH, NODE, REPO_ROOT} from './paths.js';
import {Child, run} from './process.js';

/** The environment socktop runs with in these tests: this one, without a TTY's colour hints. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return {...process.env, NO_COLOR: '1', ...extra};
}

/** `node dist/cli.js ARGS` to completion: no TTY, stdin closed (as in CI). */
export function runCli(args: readonly string[], options: SpawnOptions & {timeoutMs?: number} = {}) {
	return run(NODE, [CLI_PATH, ...args], {cwd: REPO_ROOT, env: cliEnv(), ...options});
}

/**
 * `node dist/cli.js ARGS` left running (streaming mode); the caller stops it. With NETNS,
 * in that network namespace (`ip netns exec` execs: the pid is socktop's).
 */
export function startCli(args: readonly string[], options: SpawnOptions = {}, netns?: string): Child {
	const command = [NODE, CLI_PATH, ...args];
	if (netns) command.unshift('ip', 'netns', 'exec', netns);
	return new Child(command[0]!, command.slice(1), {
		cwd: REPO_ROOT,
		env: cliEnv(),
		stdio: ['ignore', 'pipe', 'pipe'],
		...options,
	});
}

/** The JSON object of each complete stdout line. */
export function jsonLines(text: string): Record<string, unknown>[] {
	return text
		.split('\n')
		.filter((line) => line.trim() !== '')
		.map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A stack trace's frame lines, which must never reach a user's terminal. */
export const STACK_FRAME = /^\s+at .+/m;

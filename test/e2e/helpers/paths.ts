import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The built binary (`npm test` builds it first); SOCKTOP_E2E_CLI points the tests at another build. */
export const CLI_PATH =
	process.env.SOCKTOP_E2E_CLI ?? fileURLToPath(new URL('../../../dist/cli.js', import.meta.url));
export const PEER_PATH = fileURLToPath(new URL('../../fixtures/e2e/peer.mjs', import.meta.url));
export const NODE = process.execPath;

export function assertBuilt(): void {
	if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` first`);
}

/** A skip reason off Linux: these tests read /proc and drive ss, netstat -p and tmux the Linux way. */
export const NOT_LINUX: string | false =
	process.platform !== 'linux' && 'the end-to-end tests read /proc and use Linux tools (ss, tmux)';

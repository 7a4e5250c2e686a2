// cli.tsx sends a plain dashboard (no words, or only `--netns NAME`, `--no-color`, `--read-only`,
// `--bell`) on a terminal to its own bundle, dist/dashboard-command.js
// (source/main/dashboard-process.ts), so that what runs before the plain first frame loads from
// a few files; every other command line goes to cli-main as before, and the bundle hands back a
// command line plainDashboardOptions does not take. Checked on the built binary in a real pty
// (tmux), by tracing the dist/ modules each run loads.
import assert from 'node:assert/strict';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {assertBuilt, CLI_PATH, NODE, NOT_LINUX} from './helpers/paths.js';
import {hasCommand} from './helpers/process.js';
import {dashboardReady, startDashboard} from './helpers/tmux.js';
import {STARTUP_MS, waitFor} from './helpers/wait.js';

const TRACER = fileURLToPath(new URL('./helpers/trace-loads.mjs', import.meta.url));
let dir = '';
let hasTmux = false;

before(async () => {
	if (NOT_LINUX) return;
	assertBuilt();
	hasTmux = await hasCommand('tmux');
	dir = await mkdtemp(join(tmpdir(), 'sktp-dash-entry-'));
});
after(() => (dir ? rm(dir, {recursive: true, force: true}) : undefined));

/** cli-main's export, in the chunk that defines it (identifiers are not minified: scripts/build.mjs). */
const CLI_MAIN = /\brunCliMain\b/;

/** The dist/ files `socktop ARGS` loaded in a pane (names), and their text but cli.js's. */
async function loadedBy(trace: string) {
	const files = [...new Set((await readFile(trace, 'utf8')).split('\n').filter(Boolean))];
	const beyond = files.filter((url) => !url.endsWith('/dist/cli.js'));
	const texts = await Promise.all(beyond.map((url) => readFile(fileURLToPath(url), 'utf8')));
	return {names: files.map((url) => url.replace(/^.*\//, '')), text: texts.join('\n')};
}

describe('a plain dashboard from the entry (source/main/dashboard-process.ts)', {skip: NOT_LINUX}, () => {
	const cases: {args: string[]; bundle: boolean; why: string}[] = [
		{args: ['--netns', 'host', '--no-color'], bundle: true, why: 'plain words'},
		{args: ['--read-only', '--netns=host', '--bell'], bundle: true, why: 'plain words, --netns=NAME'},
		{args: ['--netns', 'host', '--interval', '500'], bundle: false, why: 'a word meow parses'},
		// The entry's cheap check lets `--netns ..` through; plainDashboardOptions refuses it, so
		// cli-main (meow) answers as before.
		{args: ['--netns', '..'], bundle: false, why: 'handed back'},
	];
	for (const {args, bundle, why} of cases) {
		it(`socktop ${args.join(' ')}: ${bundle ? 'its own bundle' : 'cli-main'} (${why})`, async (t) => {
			if (!hasTmux) return t.skip('tmux is not installed');
			const trace = join(dir, `${args.join('_').replace(/\W/g, '')}.txt`);
			const dash = await startDashboard({
				command: ['env', `SOCKTOP_TRACE_LOADS=${trace}`, NODE, '--import', TRACER, CLI_PATH, ...args],
				width: 100,
				height: 30,
			});
			t.after(() => dash.cleanup());
			if (args.includes('..')) {
				const {status} = await dash.waitForExit(STARTUP_MS);
				assert.equal(status, 2, await dash.capture());
				assert.match(await dash.capture(), /socktop: .*netns/);
			} else {
				await dash.waitForPane('the dashboard with its owners', dashboardReady, STARTUP_MS);
				await dash.sendKeys('q');
				const {status} = await dash.waitForExit();
				assert.equal(status, 0);
			}
			const loaded = await waitFor('the trace', async () => (await loadedBy(trace)).names.length > 1, {
				timeoutMs: 5000,
			}).then(() => loadedBy(trace));
			if (bundle) {
				assert.ok(loaded.names.includes('dashboard-command.js'), loaded.names.join(' '));
				assert.doesNotMatch(loaded.text, CLI_MAIN);
			} else {
				// Handed back: the bundle loaded, found the words not its own, and cli-main ran them.
				const handedBack = args.includes('..');
				assert.equal(loaded.names.includes('dashboard-command.js'), handedBack, loaded.names.join(' '));
				assert.match(loaded.text, CLI_MAIN);
			}
		});
	}
});

// socktop run by an unprivileged user (nobody) while root owns a listener: root's socket is
// listed without an owner, the user is told why and what to do, nothing crashes; the user's
// own listener keeps its owner. Needs root (to drop to nobody with runuser/setpriv).
import assert from 'node:assert/strict';
import {chmod, chown, mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {jsonLines, STACK_FRAME} from './helpers/cli.js';
import {assertBuilt, CLI_PATH, NODE, NOT_LINUX, REPO_ROOT} from './helpers/paths.js';
import {hasCommand, isAlive, pidsMatching, run} from './helpers/process.js';
import {type Peer, spawnPeer} from './helpers/spawn-peer.js';
import {dashboardReady, NORMAL_SCREEN_LINE, startDashboard, userIds} from './helpers/tmux.js';
import {STARTUP_MS, waitFor} from './helpers/wait.js';

const USER = 'nobody';
const IS_ROOT = process.getuid?.() === 0;
const SKIP: string | false =
	NOT_LINUX || (!IS_ROOT && 'runs only as root: it runs socktop as nobody next to a listener of root');

let ready: string | true = 'not set up';
let home = '';
let ids = {uid: -1, gid: -1};
let rootPeer: Peer | undefined;
let userPeer: Peer | undefined;

/** argv running ARGV as nobody, with a home and temp dir of its own. */
const asUser = (argv: readonly string[]) => [
	'runuser',
	'-u',
	USER,
	'--',
	'env',
	`HOME=${home}`,
	`TMPDIR=${home}`,
	'NO_COLOR=1',
	...argv,
];

before(async () => {
	if (SKIP) return;
	assertBuilt();
	for (const tool of ['runuser', 'setpriv'] as const) {
		if (!(await hasCommand(tool))) {
			ready = `${tool} (util-linux) is not installed`;
			return;
		}
	}
	ids = await userIds(USER);
	home = await mkdtemp(join(tmpdir(), 'sktp-nobody-'));
	await chown(home, ids.uid, ids.gid);
	await chmod(home, 0o700);
	// A checkout under /root (mode 700) is out of nobody's reach: say so rather than fail.
	const probe = await run(
		'runuser',
		[
			'-u',
			USER,
			'--',
			NODE,
			'-e',
			'require("fs").accessSync(process.argv[1]); process.chdir(process.argv[2])',
			CLI_PATH,
			REPO_ROOT,
		],
		{timeoutMs: 20_000},
	);
	if (probe.code !== 0) {
		ready = `${USER} cannot read ${CLI_PATH} (make the checkout world-readable): ${probe.stderr.trim()}`;
		return;
	}
	rootPeer = await spawnPeer({mode: 'listen'});
	userPeer = await spawnPeer({mode: 'listen', ids});
	ready = true;
});

after(async () => {
	await rootPeer?.close();
	await userPeer?.close();
	if (home !== '') await rm(home, {recursive: true, force: true});
});

interface JsonRecord {
	readonly proto: string;
	readonly localAddress: string;
	readonly localPort: number;
	readonly state: string;
	readonly pid: number | null;
	readonly process: string | null;
	readonly owners: readonly unknown[];
	readonly uid: number | null;
	readonly user: string | null;
	readonly inode: number | null;
	readonly netns: number | null;
}

const listenerOf = (records: readonly JsonRecord[], peer: Peer) =>
	records.filter(
		(r) =>
			r.proto === 'tcp' &&
			r.localAddress === '127.0.0.1' &&
			r.localPort === peer.sockets.tcp4Listen!.localPort &&
			r.state === 'LISTEN' &&
			// This namespace's: another namespace may have a listener on 127.0.0.1 with that port.
			r.netns === null,
	);

describe(`socktop as ${USER}`, {skip: SKIP}, () => {
	test('the peers are who they should be', async (t) => {
		if (ready !== true) return t.skip(ready);
		const status = async (pid: number) =>
			/^Uid:\s+(\d+)/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1];
		assert.equal(await status(rootPeer!.pid), '0');
		assert.equal(await status(userPeer!.pid), String(ids.uid));
	});

	for (const source of ['procfs', 'netstat'] as const) {
		test(`--once --json --source ${source}: root's listener without owner, a hint to use sudo, exit 0`, async (t) => {
			if (ready !== true) return t.skip(ready);
			if (source === 'netstat' && !(await hasCommand('netstat'))) return t.skip('netstat is not installed');
			const [file, ...args] = asUser([
				NODE,
				CLI_PATH,
				'--once',
				'--json',
				'--source',
				source,
				// A bound for a hang, as cli.test.ts's `--once` runs (docs/test-suite.md: 7–28 s wall for
				// a `--once` at load 21–26).
				'--timeout',
				'60000',
			]);
			const result = await run(file!, args, {cwd: REPO_ROOT, timeoutMs: 90_000});
			assert.equal(result.code, 0, result.stderr);
			assert.equal(result.signal, null);
			assert.doesNotMatch(result.stderr, STACK_FRAME);
			const records = jsonLines(result.stdout) as unknown as JsonRecord[];

			const theirs = listenerOf(records, rootPeer!);
			assert.equal(theirs.length, 1, `root's listener is listed once:\n${result.stdout}`);
			assert.equal(theirs[0]!.pid, null, 'no pid for a socket of another user');
			assert.equal(theirs[0]!.process, null, 'no process name either');
			assert.deepEqual(theirs[0]!.owners, []);
			assert.equal(theirs[0]!.uid, 0, 'the socket table still says root owns it');

			const mine = listenerOf(records, userPeer!);
			assert.equal(mine.length, 1, `nobody's own listener is listed once:\n${result.stdout}`);
			assert.equal(mine[0]!.pid, userPeer!.pid, "nobody's own listener keeps its pid");
			assert.equal(mine[0]!.process, userPeer!.title);
			assert.equal(mine[0]!.uid, ids.uid);

			// One line per warning, telling why owners are missing and what to do.
			const lines = result.stderr.split('\n').filter((line) => line !== '');
			assert.ok(lines.length >= 1, 'a note on stderr');
			for (const line of lines) assert.match(line, /^socktop: /);
			// The same note from both sources, counting the sockets printed.
			const match =
				/^socktop: (\d+) sockets? (?:has|have) no known owner(?: \(in other network namespaces: [^)]*(?:\)[^)]*)*\))?: not root, other users' processes are hidden \(run with sudo\)$/m.exec(
					result.stderr,
				);
			assert.ok(match, `the note names the sockets without owners:\n${result.stderr}`);
			const unowned = records.filter((r) => r.owners.length === 0 && r.pid === null && r.inode !== null);
			assert.equal(Number(match[1]), unowned.length);
		});
	}

	test('the dashboard as nobody in tmux: "unattributed N (not root: run with sudo ...)", q exits 0', async (t) => {
		if (ready !== true) return t.skip(ready);
		if (!(await hasCommand('tmux'))) return t.skip('tmux is not installed');
		const dash = await startDashboard({
			user: USER,
			command: ['env', `HOME=${home}`, `TMPDIR=${home}`, NODE, CLI_PATH, '--interval', '500'],
			width: 120,
			height: 40,
		});
		t.after(() => dash.cleanup());
		const pid = await dash.pid();
		const screen = await dash.waitForPane('the dashboard to draw its first poll', dashboardReady, STARTUP_MS);
		const uid = /^Uid:\s+(\d+)/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1];
		assert.equal(uid, String(ids.uid), `socktop runs as ${USER}`);
		const match = /unattributed (\d+) \(not root: run with sudo to see their owners\)/.exec(screen);
		assert.ok(match, `the header says why owners are missing:\n${screen}`);
		assert.ok(Number(match[1]) >= 1, "at least root's listener");

		await dash.sendKeys('q');
		const {status, stty} = await dash.waitForExit();
		assert.equal(status, 0, 'q exits 0');
		await waitFor('the main screen again', async () => (await dash.display('#{alternate_on}')) === '0', {
			describe: dash.capture,
		});
		const after = await dash.capture();
		assert.ok(after.includes(NORMAL_SCREEN_LINE), `the shell's screen is back:\n${after}`);
		assert.doesNotMatch(after, STACK_FRAME);
		assert.match(stty, /(^|\s)icanon(\s|$)/, 'canonical mode back on');
		assert.match(stty, /(^|\s)echo(\s|$)/, 'echo back on');
		assert.equal(isAlive(pid), false, 'socktop has exited');
		assert.deepEqual(pidsMatching(dash.marker), [], 'no socktop process left');
	});
});

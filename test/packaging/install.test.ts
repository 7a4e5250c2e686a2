// The packed tarball installed the ways users install it, each then run for real:
// `--version`, `--once --json`, and the dashboard in tmux while a listener closes and a
// socket opens, its screen checked against `--once`. Installs are offline (the tarball
// needs nothing), except the host project's own different Ink (npm's cache first).
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {assertBuilt, NOT_LINUX, REPO_ROOT} from '../e2e/helpers/paths.js';
import {hasCommand, run, uniqueToken} from '../e2e/helpers/process.js';
import {type PeerSocket, socketsOf, spawnPeer} from '../e2e/helpers/spawn-peer.js';
import {dashboardReady, startDashboard, userIds} from '../e2e/helpers/tmux.js';
import {STARTUP_MS} from '../e2e/helpers/wait.js';
import {parseScreen, type ScreenRow} from './screen.js';

/** A different Ink than socktop's own (6.8.0), as a project that depends on socktop might pin. */
const HOST_INK = '5.2.1';
const NOBODY = 'nobody';
const INSTALL_MS = 240_000;

let work = '';
let tarball = '';
let version = '';
let skip: string | false = NOT_LINUX;
/** (c)'s host project, its own Ink installed while `npm pack` runs (neither needs the other). */
let hostProject = '';
let hostInk: Promise<{code: number | null; stdout: string; stderr: string}> | null = null;

// Only npm goes beyond loopback (the registry, for (c)'s Ink): the installed socktop, the peers
// and tmux start without parsing the extra certificates (the system bundle here: ≈0.05 s CPU per
// Node process, scripts/test.mjs).
const registryCerts = process.env.NODE_EXTRA_CA_CERTS;
delete process.env.NODE_EXTRA_CA_CERTS;

const npm = (args: readonly string[], options: {cwd?: string; user?: string; home?: string} = {}) => {
	const env = {
		...process.env,
		...(registryCerts === undefined ? {} : {NODE_EXTRA_CA_CERTS: registryCerts}),
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
	};
	if (options.user === undefined)
		return run('npm', args, {cwd: options.cwd ?? work, env, timeoutMs: INSTALL_MS});
	const home = options.home ?? work;
	return run(
		'runuser',
		[
			'-u',
			options.user,
			'--',
			'env',
			`HOME=${home}`,
			`PATH=${process.env.PATH}`,
			...(registryCerts === undefined ? [] : [`NODE_EXTRA_CA_CERTS=${registryCerts}`]),
			`npm_config_cache=${join(home, '.npm')}`,
			'npm',
			...args,
		],
		{cwd: options.cwd ?? work, env, timeoutMs: INSTALL_MS},
	);
};

const ok = (result: {code: number | null; stdout: string; stderr: string}, what: string) => {
	assert.equal(result.code, 0, `${what} failed: ${result.stderr.slice(-2000)}${result.stdout.slice(-1000)}`);
	return result.stdout;
};

before(async () => {
	if (skip) return;
	assertBuilt();
	if (!(await hasCommand('tmux'))) skip = 'tmux is not installed';
	if (!(await hasCommand('npm'))) skip = 'npm is not on PATH';
	if (skip) return;
	work = await mkdtemp('/tmp/sktp-pack-');
	await chmod(work, 0o755); // nobody reads the tarball from here
	hostProject = join(work, 'host');
	await mkdir(hostProject);
	await writeFile(
		join(hostProject, 'package.json'),
		JSON.stringify({name: 'host', private: true, dependencies: {ink: HOST_INK}}),
	);
	// Started now, awaited by (c): it takes npm's start and the tree's install, the pack's time
	// off (c), the file's longest chain. A failure is (c)'s, reported there.
	hostInk = npm(['install', '--prefer-offline'], {cwd: hostProject}).catch((error: unknown) => ({
		code: -1,
		stdout: '',
		stderr: String(error),
	}));
	// The build `npm test` made; `npm pack` would rebuild it through `prepare`.
	const packed = ok(
		await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], {cwd: REPO_ROOT}),
		'npm pack',
	);
	const [info] = JSON.parse(packed) as {filename: string}[];
	tarball = join(work, info!.filename);
	await chmod(tarball, 0o644);
	version = (JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {version: string})
		.version;
});

after(async () => {
	await hostInk;
	if (work) await rm(work, {recursive: true, force: true});
});

// The four installs are independent (own prefix, own peers, own tmux server): side by side.
describe('the npm package', {concurrency: true}, () => {
	it('holds the bundle, LICENSE, README and screenshot, and needs nothing at install', async (t) => {
		if (skip) return t.skip(skip);
		const files = ok(await run('tar', ['-tzf', tarball]), 'tar -t')
			.split('\n')
			.filter(Boolean)
			.sort();
		for (const file of ['dist/cli.js', 'LICENSE', 'README.md', 'media/dashboard.svg', 'package.json'])
			assert.ok(files.includes(`package/${file}`), `${file} is in the package`);
		const stray = files.filter(
			(file) =>
				!/^package\/(dist\/[\w-]+\.js|LICENSE|README\.md|media\/dashboard\.svg|package\.json)$/.test(file),
		);
		assert.deepEqual(stray, [], 'nothing but the bundle and the documents');
		const manifest = JSON.parse(
			ok(await run('tar', ['-xOzf', tarball, 'package/package.json']), 'tar -x'),
		) as Record<string, unknown>;
		assert.deepEqual(
			Object.keys((manifest.dependencies as object | undefined) ?? {}),
			[],
			'no runtime dependency to fetch',
		);
		const scripts = (manifest.scripts ?? {}) as Record<string, string>;
		for (const hook of ['preinstall', 'install', 'postinstall'])
			assert.equal(scripts[hook], undefined, `no ${hook} script`);
		assert.equal(manifest.license, 'MIT');
		assert.match(await readFile(join(REPO_ROOT, 'LICENSE'), 'utf8'), /^MIT License/);
		assert.ok(Array.isArray(manifest.keywords) && manifest.keywords.length > 0, 'keywords');
		assert.match(String((manifest.engines as {node?: string} | undefined)?.node), /^>=\d+/);
	});

	it('(a) installed globally into a prefix', async (t) => {
		if (skip) return t.skip(skip);
		const prefix = join(work, 'global');
		ok(await npm(['install', '--global', '--prefix', prefix, '--offline', tarball]), 'npm install -g');
		await exercise(t, join(prefix, 'bin', 'socktop'));
	});

	it('(b) installed with --ignore-scripts', async (t) => {
		if (skip) return t.skip(skip);
		const project = join(work, 'no-scripts');
		await mkdir(project);
		await writeFile(join(project, 'package.json'), '{"name":"no-scripts","private":true}\n');
		ok(
			await npm(['install', '--offline', '--ignore-scripts', tarball], {cwd: project}),
			'npm install --ignore-scripts',
		);
		await exercise(t, join(project, 'node_modules', '.bin', 'socktop'));
	});

	it(`(c) a dependency of a project that pins Ink ${HOST_INK}: both work, the project's Ink untouched`, async (t) => {
		if (skip) return t.skip(skip);
		const project = hostProject;
		ok(await hostInk!, `npm install ink@${HOST_INK}`);
		const inkFiles = ['package.json', 'build/log-update.js', 'build/measure-text.js'].map((file) =>
			join(project, 'node_modules', 'ink', file),
		);
		const digest = async () =>
			Promise.all(
				inkFiles.map(async (file) =>
					createHash('sha256')
						.update(await readFile(file))
						.digest('hex'),
				),
			);
		const before = await digest();
		ok(await npm(['install', '--offline', tarball], {cwd: project}), 'npm install socktop.tgz');
		assert.deepEqual(await digest(), before, "the project's Ink is not patched or replaced");
		const ink = JSON.parse(await readFile(inkFiles[0]!, 'utf8')) as {version: string};
		assert.equal(ink.version, HOST_INK);
		// The project's own Ink still loads (socktop brought no React or Ink of its own).
		ok(
			await run(process.execPath, ['--input-type=module', '-e', "await import('ink')"], {cwd: project}),
			"the project's Ink",
		);
		await exercise(t, join(project, 'node_modules', '.bin', 'socktop'));
	});

	it('(d) installed and run by nobody', async (t) => {
		if (skip) return t.skip(skip);
		if (process.getuid?.() !== 0) return t.skip('needs root to become nobody');
		if (!(await hasCommand('runuser'))) return t.skip('runuser is missing');
		const {uid, gid} = await userIds(NOBODY);
		const home = join(work, 'nobody');
		await mkdir(home);
		await chown(home, uid, gid);
		const prefix = join(home, 'prefix');
		ok(
			await npm(['install', '--global', '--prefix', prefix, '--offline', tarball], {user: NOBODY, home}),
			'npm install -g as nobody',
		);
		await exercise(t, join(prefix, 'bin', 'socktop'), NOBODY);
	});
});

/** The installed binary, run as `user`: argv for spawn. */
function command(bin: string, user: string | undefined, args: readonly string[]): [string, string[]] {
	if (user === undefined) return [bin, [...args]];
	return ['runuser', ['-u', user, '--', 'env', `PATH=${process.env.PATH}`, bin, ...args]];
}

interface OnceRecord {
	proto: string;
	family: number;
	localPort: number;
	state: string;
}

async function once(bin: string, user: string | undefined, filter: string): Promise<OnceRecord[]> {
	// Bounds for a hang only, as cli.test.ts's (docs/test-suite.md "Bounds fit a busy machine"): at
	// load 17–30 beside 20,000 sockets of other sessions all four modes' `--once` failed with
	// "procfs did not answer within 20000 ms" (2026-11-30, 23:05 UTC).
	const [file, args] = command(bin, user, ['--once', '--json', '--timeout', '60000', '--filter', filter]);
	const out = ok(
		await run(file, args, {cwd: '/', env: {...process.env, NO_COLOR: '1'}, timeoutMs: 90_000}),
		'socktop --once --json',
	);
	return out
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line) as OnceRecord);
}

const isListening = (state: string) => state === 'LISTEN' || state === 'UNCONN' || state === 'BOUND';
const key = (row: {proto: string; family: number; localPort: number}) =>
	`${row.proto}${row.family}:${row.localPort}`;
// Distinct keys: a loopback scan by anything else on this machine (other tests) makes the
// peer accept connections on its listener's port, which differ only in the remote end.
const keys = (rows: readonly {proto: string; family: number; localPort: number}[]) =>
	[...new Set(rows.map(key))].sort();

/** The screen shows exactly what `--once` prints: same rows in each pane, each once, none stale. */
function assertScreenMatches(screen: string, records: readonly OnceRecord[], what: string) {
	const parsed = parseScreen(screen);
	const detail = `${what}\n${screen}`;
	assert.deepEqual(parsed.problems, [], detail);
	const expected = (listening: boolean) => keys(records.filter((r) => isListening(r.state) === listening));
	// Rows closed since the last poll stay a few seconds, marked ×: not in --once any more.
	const live = (rows: ScreenRow[]) => rows.filter((row) => !row.closed);
	assert.deepEqual(
		keys(live(parsed.listening)),
		expected(true),
		`Listening pane = --once's listeners: ${detail}`,
	);
	assert.deepEqual(
		keys(live(parsed.connections)),
		expected(false),
		`Connections pane = --once's others: ${detail}`,
	);
	assert.equal(parsed.listeningCount, parsed.listening.length, `the title counts the rows: ${detail}`);
}

const showsExactly = (screen: string, sockets: readonly PeerSocket[]) => {
	const parsed = parseScreen(screen);
	const rows = [...parsed.listening, ...parsed.connections].filter((row) => !row.closed);
	return parsed.problems.length === 0 && keys(rows).join() === keys(sockets).join();
};

async function exercise(t: {after: (fn: () => Promise<void>) => void}, bin: string, user?: string) {
	const [file, args] = command(bin, user, ['--version']);
	assert.equal(ok(await run(file, args, {cwd: '/'}), 'socktop --version').trim(), version);

	// Two peers whose process names share a prefix that nothing else on this machine has:
	// the filter shows exactly their sockets.
	const prefix = uniqueToken('pk', 5);
	const ids = user === undefined ? undefined : await userIds(user);
	const start = async (name: string, mode: 'full' | 'listen') => {
		const peer = await spawnPeer({title: `${prefix}${name}`, mode, ...(ids ? {ids} : {})});
		t.after(() => peer.close());
		return peer;
	};
	const filter = `proc:${prefix}`;
	const full = await start('a', 'full');

	const dash = await startDashboard({
		// The tmux server itself runs as `user`.
		command: [bin, '--interval', '500', '--timeout', '60000', '--filter', filter],
		...(user === undefined ? {} : {user}),
		width: 110,
		height: 30,
	});
	t.after(() => dash.cleanup());
	const expect = async (what: string, sockets: PeerSocket[]) => {
		const screen = await dash.waitForPane(
			what,
			(text) => dashboardReady(text) && showsExactly(text, sockets),
			STARTUP_MS,
		);
		// One `--once` per state carries both checks: it lists the peers' sockets, and the
		// screen shows what it lists (was a `--once` of its own before the dashboard as well).
		const records = await once(bin, user, filter);
		assert.deepEqual(keys(records), keys(sockets), `--once --json lists the peers' sockets: ${what}`);
		assertScreenMatches(screen, records, what);
	};
	await expect('the first poll', socketsOf(full));
	const listener = await start('b', 'listen');
	await expect('a new listener', [...socketsOf(full), ...socketsOf(listener)]);
	// Rows leave from the middle of both panes: the listener's process ends, a UDP socket closes.
	await listener.close();
	await full.command('close udpBound');
	await expect('the listener and a UDP socket closed', socketsOf(full));

	await dash.sendKeys('q');
	assert.equal((await dash.waitForExit()).status, 0, 'q exits 0');
}

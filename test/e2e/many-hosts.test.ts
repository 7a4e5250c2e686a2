// `--host` against real sshd's: two namespace "hosts" (helpers/ssh-hosts.ts), `a` with
// socktop on its PATH (read through `socktop --json`), `b` without (the ss fallback), each
// with a listener and a connection of its own. One sshd setup for the whole file.
import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync} from 'node:fs';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {jsonLines} from './helpers/cli.js';
import {assertBuilt, CLI_PATH, NODE} from './helpers/paths.js';
import {Child, run} from './helpers/process.js';
import {parseSs} from './helpers/ss.js';
import {type SshHosts, sshHostsUnavailable, startSshHosts, type TestHost} from './helpers/ssh-hosts.js';
import {startDashboard} from './helpers/tmux.js';
import {STARTUP_MS, waitFor} from './helpers/wait.js';

let hosts: SshHosts | null = null;
let skip: string | null = null;
const peers: Child[] = [];
/** Connections held on b (both ends there): 2 × this many sockets a must not list. */
const B_CONNECTIONS = 300;

/** A process in the host's namespace that listens on `port` and holds one connection to it. */
function startPeer(host: TestHost, port: number, connections = 1): Child {
	const code = `process.title='ho-peer';const n=require('net');let k=0;const s=n.createServer(()=>{}).listen(${port},'127.0.0.1',()=>{for(let i=0;i<${connections};i++)n.connect(${port},'127.0.0.1',()=>{if(++k===${connections})console.log('up')})});`;
	const child = hosts!.nsSpawn(host, NODE, ['-e', code]);
	peers.push(child);
	return child;
}

before(async () => {
	skip = await sshHostsUnavailable();
	if (skip) return;
	assertBuilt();
	// Each host looks like a machine of its own (PID namespace, /proc, /run/netns): pids are
	// its own, and its socktop reads its own sockets, not every namespace of this machine.
	hosts = await startSshHosts([
		{name: 'a', socktop: true},
		{name: 'b', socktop: false},
	]);
	// b holds many sockets: a's socktop, root on a machine that has them all as namespaces,
	// listed them as its own until each host got its own /run/netns (the first test).
	for (const [host, port, connections] of [
		[hosts.hosts[0]!, 27101, 1],
		[hosts.hosts[1]!, 27102, 1],
		[hosts.hosts[1]!, 27190, B_CONNECTIONS],
	] as const) {
		const peer = startPeer(host, port, connections);
		await waitFor('the peer to listen and connect', () => peer.lines().includes('up'), {
			timeoutMs: STARTUP_MS,
		});
	}
});
after(async () => {
	for (const peer of peers) await peer.stop('SIGKILL');
	await hosts?.close();
});

const socktop = (args: readonly string[], env: NodeJS.ProcessEnv = hosts!.env) =>
	run(NODE, [CLI_PATH, ...args], {env, timeoutMs: 60_000});

type Line = {
	proto: string;
	family: number;
	localAddress: string;
	localPort: number;
	remoteAddress: string | null;
	remotePort: number | null;
	state: string;
	owners: {pid: number}[];
	host: string;
	netns: number | null;
};
/** What both readers agree on: the ends, the state and the owners' pids. TIME_WAIT comes and goes. */
const describeLine = (s: Omit<Line, 'host' | 'owners' | 'netns'>, pids: number[]) =>
	`${s.proto}${s.family} ${s.localAddress}:${s.localPort} ${s.remoteAddress}:${s.remotePort} ${s.state} ${[...pids].sort((x, y) => x - y).join(',')}`;
const settled = (state: string) => state !== 'TIME_WAIT';

async function ssLines(host: TestHost): Promise<string[]> {
	const result = await hosts!.nsRun(host, 'ss', ['-tunapH']);
	assert.equal(result.code, 0, result.stderr);
	return parseSs(result.stdout)
		.filter((s) => settled(s.state))
		.map((s) =>
			describeLine(
				s,
				s.users.map((u) => u.pid),
			),
		)
		.sort();
}

describe('socktop --once --json --host', () => {
	test('each host gives its own sockets, with its host, equal to ss -tunapH in its namespace', async (t) => {
		if (skip) return t.skip(skip);
		const [a, b] = hosts!.hosts as [TestHost, TestHost];
		// The ssh link of the run itself is a socket on each host: compared once the runs agree.
		await waitFor(
			'--once --json to agree with ss in both namespaces',
			async () => {
				const result = await socktop([
					'--once',
					'--json',
					'--host',
					'a',
					'--host',
					'b',
					'--timeout',
					'30000',
				]);
				assert.equal(result.code, 0, result.stderr);
				const lines = jsonLines(result.stdout) as unknown as Line[];
				const hostsSeen = new Set(lines.map((line) => line.host));
				assert.deepEqual([...hostsSeen].sort(), ['a', 'b', 'local']);
				const of = (name: string) =>
					lines
						// Every socket of the host, whatever its namespace: a remote socktop lists
						// every namespace of its machine, and each host here has one.
						.filter((line) => line.host === name && settled(line.state))
						.map((line) =>
							describeLine(
								line,
								line.owners.map((o) => o.pid),
							),
						)
						.sort();
				const [ssA, ssB] = [await ssLines(a), await ssLines(b)];
				assert.ok(
					ssA.some((line) => line.includes(':27101 null:null LISTEN')),
					ssA.join('\n'),
				);
				assert.ok(
					ssB.some((line) => line.includes(':27102 null:null LISTEN')),
					ssB.join('\n'),
				);
				// Throws (and waitFor tries again) until the two reads agree.
				assert.deepEqual({a: of('a'), b: of('b')}, {a: ssA, b: ssB});
				return true;
			},
			{timeoutMs: 120_000, intervalMs: 500},
		);
	});

	test('an unknown host key and a wrong key: that host fails with the command to run, the others print', async (t) => {
		if (skip) return t.skip(skip);
		// A fresh control directory: a master left by another test would let any alias of the same address in.
		const env = {...hosts!.env, TMPDIR: mkdtempSync(join(hosts!.dir, 'tmp-'))};
		const result = await socktop(
			['--once', '--json', '--no-local', '--host', 'b', '--host', 'a-unknownkey', '--host', 'a-wrongkey'],
			env,
		);
		assert.equal(result.code, 0, result.stderr);
		assert.match(
			result.stderr,
			/host a-unknownkey: host-key: Host key verification failed\. \(run once by hand: ssh a-unknownkey true\)/,
		);
		assert.match(
			result.stderr,
			/host a-wrongkey: auth-failed: .*Permission denied.* \(run once by hand: ssh a-wrongkey true\)/,
		);
		const lines = jsonLines(result.stdout) as unknown as Line[];
		assert.deepEqual([...new Set(lines.map((line) => line.host))], ['b']);
	});
});

// The stream and the dashboard run side by side (node:test `concurrency`): each makes its own
// ssh links and its own listener on b (27103, 27104) and looks only for that port or host. Not
// the reads above: `--once` against `ss` waits for a moment when both agree, and links that
// others open and close on a and b made that moment rare (19–30 s for it against 7 s alone,
// 2026-11-30, load 8–13). Nor the faults below (a blackholed, a's remote socktop killed): they
// break every link to a, so they run after these, one at a time.
describe('the stream and the dashboard, side by side', {concurrency: true}, () => {
	describe('socktop --json --host (the stream)', () => {
		test('merges hosts (each line has host), a listener appears on one host, states go to stderr', async (t) => {
			if (skip) return t.skip(skip);
			const stream = new Child(
				NODE,
				[CLI_PATH, '--json', '--no-local', '--host', 'a', '--host', 'b', '-i', '400'],
				{
					env: hosts!.env,
				},
			);
			t.after(() => stream.stop('SIGKILL'));
			const describeStream = () => `stdout:\n${stream.stdout.slice(-3000)}\nstderr:\n${stream.stderr}`;
			await waitFor(
				'both hosts live',
				() =>
					/host a live \(socktop\)/.test(stream.stderr) && /host b live \(ss, Linux\)/.test(stream.stderr),
				{
					timeoutMs: STARTUP_MS,
					describe: describeStream,
				},
			);
			const events = () => jsonLines(stream.stdout) as unknown as (Line & {event: string})[];
			// "live" reaches stderr as the first table arrives; its events may be a moment behind.
			await waitFor('the first events', () => events().length > 0, {
				timeoutMs: STARTUP_MS,
				describe: describeStream,
			});
			for (const event of events())
				assert.ok(event.host === 'a' || event.host === 'b', JSON.stringify(event));
			const peer = startPeer(hosts!.hosts[1]!, 27103);
			await waitFor(
				'an open event for the new listener on b',
				() =>
					events().some(
						(e) => e.event === 'open' && e.host === 'b' && e.localPort === 27103 && e.state === 'LISTEN',
					),
				{timeoutMs: STARTUP_MS, describe: describeStream},
			);
			assert.ok(!events().some((e) => e.host === 'a' && e.netns === null && e.localPort === 27103));
			await peer.stop('SIGKILL');
			await waitFor(
				'its close event',
				() => events().some((e) => e.event === 'close' && e.host === 'b' && e.localPort === 27103),
				{timeoutMs: STARTUP_MS, describe: describeStream},
			);
		});
	});

	describe('the dashboard with two hosts (tmux)', () => {
		test('HOST column, host states in the header, details read on the host, host: filter, a new listener on one host, K kills it on that host only', async (t) => {
			if (skip) return t.skip(skip);
			if ((await run('tmux', ['-V']).catch(() => ({code: -1}))).code !== 0)
				return t.skip('tmux is not installed');
			const env = hosts!.env;
			const dashboard = await startDashboard({
				command: [
					'env',
					`PATH=${env.PATH}`,
					`HOME=${env.HOME}`,
					`TMPDIR=${env.TMPDIR}`,
					'NO_COLOR=1',
					NODE,
					CLI_PATH,
					'--no-local',
					'--host',
					'a',
					'--host',
					'b',
					'-i',
					'500',
				],
				width: 160,
				height: 50,
			});
			t.after(() => dashboard.cleanup());
			const both = await dashboard.waitForPane(
				'both hosts live with their rows',
				(text) =>
					/a live \(socktop\) \d+/.test(text) &&
					/b live \(ss, Linux\) \d+/.test(text) &&
					/\bb\s+tcp4\s+127\.0\.0\.1\s+27102/.test(text),
				STARTUP_MS,
			);
			assert.match(both, /^\s*HOST\s+PROTO/m);
			assert.match(both, /\ba\s+tcp4\s+127\.0\.0\.1\s+27101/);

			// Enter on a's peer: its details come from a's socktop. a has its own PID namespace, so
			// the pid in the title is a's (not this machine's number for that process).
			const aPeer = peers[0]!;
			const hostPid = Number(readFileSync(`/proc/${aPeer.pid}/task/${aPeer.pid}/children`, 'utf8').trim());
			const nsPid = /^NSpid:\s+(\d+)\s+(\d+)$/m.exec(readFileSync(`/proc/${hostPid}/status`, 'utf8'));
			assert.ok(nsPid && nsPid[1] !== nsPid[2], 'the peer has its own pid in a');
			await dashboard.sendText('/host:a port:27101');
			await dashboard.sendKeys('Enter');
			await dashboard.waitForPane(
				"only a's peer",
				(text) => /\ba\s+tcp4\s+127\.0\.0\.1\s+27101/.test(text) && !/27102/.test(text),
			);
			await dashboard.sendKeys('g');
			await dashboard.sendKeys('Enter');
			const detail = await dashboard.waitForPane(
				'the details read on a',
				(text) => /^command: ho-peer/m.test(text),
				STARTUP_MS,
			);
			assert.match(detail, new RegExp(`^Process ${nsPid![2]} ho-peer on a\\b`, 'm'));
			assert.match(detail, /^user:\s+root\s+parent pid: 0\b/m);
			assert.match(detail, /^\s+tcp4 127\.0\.0\.1:27101\s+LISTEN/m);
			assert.doesNotMatch(detail, /27102/);
			await dashboard.sendKeys('Escape');
			await dashboard.sendKeys('Escape');
			// b is read through ss (no socktop there): the view says the details are not available.
			await dashboard.sendText('/host:b port:27102');
			await dashboard.sendKeys('Enter');
			await dashboard.waitForPane(
				"only b's peer",
				(text) => /\bb\s+tcp4\s+127\.0\.0\.1\s+27102/.test(text) && !/27101/.test(text),
			);
			await dashboard.sendKeys('g');
			await dashboard.sendKeys('Enter');
			await dashboard.waitForPane('no details for b', (text) =>
				/^command: \(not available: no socktop on b, read through ss, Linux\)/m.test(text),
			);
			await dashboard.sendKeys('Escape');
			await dashboard.sendKeys('Escape');
			await dashboard.sendText('/host:b');
			await dashboard.sendKeys('Enter');
			await dashboard.waitForPane('only b rows', (text) => /27102/.test(text) && !/27101/.test(text));
			const peer = startPeer(hosts!.hosts[1]!, 27104);
			t.after(() => peer.stop('SIGKILL'));
			await dashboard.waitForPane(
				'the new listener on b',
				(text) => /\bb\s+tcp4\s+127\.0\.0\.1\s+27104/.test(text),
				STARTUP_MS,
			);
			// K on b's new listener: the dialog names b, y (a later read) sends `ssh b kill -TERM PID`.
			// b has its own PID namespace: the pid in the dialog is b's, and the peer there exits
			// while a local sleep lives on.
			const local = new Child('sleep', ['300']);
			t.after(() => local.stop('SIGKILL'));
			await dashboard.sendKeys('Escape');
			await dashboard.sendText('/host:b port:27104');
			await dashboard.sendKeys('Enter');
			await dashboard.waitForPane(
				'only the new listener',
				(text) => /27104/.test(text) && !/27102/.test(text),
			);
			await dashboard.sendKeys('g');
			await dashboard.sendKeys('K');
			await dashboard.waitForPane('the dialog names host b', (text) =>
				/Send SIGTERM to \d+ \(ho-peer\) on b\?/.test(text),
			);
			assert.equal(peer.hasExited, false, 'nothing is signalled before y');
			await dashboard.sendKeys('y');
			await dashboard.waitForPane(
				'the exit seen on b',
				(text) => /\d+ \(ho-peer\) on b exited after SIGTERM/.test(text),
				STARTUP_MS,
			);
			await waitFor('the peer in b to exit', () => peer.hasExited, {timeoutMs: STARTUP_MS});
			assert.equal(local.hasExited, false, 'the local sleep is untouched');
			await dashboard.sendKeys('q');
			assert.equal((await dashboard.waitForExit()).status, 0);
		});
	});
});

describe('--host faults', {concurrency: 1}, () => {
	test('a blackholed host goes stale and comes back when the rule goes; the other stays live', async (t) => {
		if (skip) return t.skip(skip);
		const [a] = hosts!.hosts as [TestHost];
		// A fresh control directory: its links get a ControlMaster of their own, with this
		// stream's keepalives (1 s × 2). A master left by an earlier run with the default 2 s
		// interval keeps 5 s ones: the test took 17.8–21.9 s sharing those, 5.7–6.1 s with its own
		// (2026-11-30, load 7–17).
		const stream = new Child(
			NODE,
			[CLI_PATH, '--json', '--no-local', '--host', 'a', '--host', 'b', '-i', '400'],
			{
				env: {...hosts!.env, TMPDIR: mkdtempSync(join(hosts!.dir, 'tmp-'))},
			},
		);
		let blackholed = false;
		t.after(async () => {
			await stream.stop('SIGKILL');
			if (blackholed) await hosts!.blackhole(a, false);
		});
		const describeStream = () => `stderr:\n${stream.stderr}`;
		await waitFor(
			'both hosts live',
			() => /host a live/.test(stream.stderr) && /host b live/.test(stream.stderr),
			{
				timeoutMs: STARTUP_MS,
				describe: describeStream,
			},
		);
		await hosts!.blackhole(a, true);
		blackholed = true;
		// Keepalives at 1 s (2.5 × the interval) × 2 end the link; the last table stays, marked stale.
		await waitFor('a to go stale', () => /host a stale since \d\d:\d\d:\d\d/.test(stream.stderr), {
			timeoutMs: 60_000,
			describe: describeStream,
		});
		assert.doesNotMatch(stream.stderr, /host b (stale|unreachable)/);
		await hosts!.blackhole(a, false);
		blackholed = false;
		const staleAt = stream.stderr.lastIndexOf('host a stale');
		await waitFor('a to be live again', () => stream.stderr.slice(staleAt).includes('host a live'), {
			timeoutMs: 90_000,
			describe: describeStream,
		});
		assert.doesNotMatch(stream.stderr, /host b (stale|unreachable)/);
	});

	test('the remote socktop killed: the link reconnects', async (t) => {
		if (skip) return t.skip(skip);
		const [a] = hosts!.hosts as [TestHost];
		const stream = new Child(NODE, [CLI_PATH, '--json', '--no-local', '--host', 'a', '-i', '400'], {
			env: hosts!.env,
		});
		t.after(() => stream.stop('SIGKILL'));
		const describeStream = () => `stderr:\n${stream.stderr}`;
		await waitFor('a live', () => /host a live \(socktop\)/.test(stream.stderr), {
			timeoutMs: STARTUP_MS,
			describe: describeStream,
		});
		// The remote socktop: this build, started with SOCKTOP_PROTOCOL (only a --host reader sets it), in a's namespace.
		const netns = readlinkSync(`/proc/${a.sshd.pid}/ns/net`);
		// Every one in a's namespace: a remote socktop of an earlier test may still be winding down,
		// and killing only that one would leave this stream's link up.
		const remotes = await waitFor('the remote socktop', () => {
			const found: number[] = [];
			for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
				try {
					if (readlinkSync(`/proc/${pid}/ns/net`) !== netns) continue;
					// socktop sets its title, so its command line says nothing: its program and environment do.
					const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
					const exe = readlinkSync(`/proc/${pid}/exe`);
					if (exe === realpathSync(NODE) && environ.includes('SOCKTOP_PROTOCOL=')) found.push(Number(pid));
				} catch {}
			}
			return found.length > 0 ? found : false;
		});
		for (const pid of remotes) process.kill(pid, 'SIGKILL');
		await waitFor(
			'a stale, then live again',
			() => /host a stale[^\n]*\n(.|\n)*host a live \(socktop\)/.test(stream.stderr),
			{
				timeoutMs: 60_000,
				describe: describeStream,
			},
		);
	});
});

// `socktop wait` driven as a user would: the built binary next to real loopback sockets
// (ports 25100-25199). Latencies are printed as diagnostics, never asserted (shared machine:
// the goal is measured by `npm run bench -- wait`).
import assert from 'node:assert/strict';
import {chmod, chown, mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {assertBuilt, CLI_PATH, NODE, NOT_LINUX} from './helpers/paths.js';
import {Child, hasCommand, run} from './helpers/process.js';
import {userIds} from './helpers/tmux.js';
import {STARTUP_MS, waitFor} from './helpers/wait.js';

const LISTENER = fileURLToPath(new URL('../fixtures/e2e/wait-listener.mjs', import.meta.url));
const children: Child[] = [];

before(() => {
	if (!NOT_LINUX) assertBuilt();
});
after(async () => {
	await Promise.all(children.map((child) => child.stop('SIGKILL')));
});

/** A socket bound after DELAY ms; resolves once the child runs (not once it is bound). */
function listen(proto: 'tcp' | 'udp', host: string, port: number, delayMs = 0, v6only = false): Child {
	const child = new Child(NODE, [
		LISTENER,
		proto,
		host,
		String(port),
		String(delayMs),
		...(v6only ? ['v6only'] : []),
	]);
	children.push(child);
	return child;
}
const bound = (child: Child) =>
	waitFor('the listener to bind', () => /^ready (\d+)$/m.exec(child.stdout)?.[1], {
		timeoutMs: STARTUP_MS,
	}).then(Number);

function socktopWait(args: readonly string[], file = NODE, prefix: readonly string[] = []): Child {
	const child = new Child(file, [...prefix, CLI_PATH, 'wait', ...args], {
		env: {...process.env, NO_COLOR: '1'},
	});
	children.push(child);
	return child;
}
const waitRun = (args: readonly string[]) => run(NODE, [CLI_PATH, 'wait', ...args], {timeoutMs: STARTUP_MS});

// Side by side: each test has its own port (25101-25111) and its own children, and nothing
// asserted is a time (one after another they waited 47-75 s of a quiet run, 165 s at load 19).
describe('socktop wait', {skip: NOT_LINUX, concurrency: true}, () => {
	test('a listener that appears after 1 s: exit 0 soon after, no connection made', async (t) => {
		const waiter = socktopWait(['--port', '25101', '--timeout', '60s', '--verbose']);
		// The listener is started once socktop waits, and binds 1 s later.
		await waitFor('socktop to wait', () => waiter.stderr.includes('waiting for'), {timeoutMs: STARTUP_MS});
		const server = listen('tcp', '127.0.0.1', 25101, 1000);
		const {code} = await waiter.waitExit(STARTUP_MS);
		const exitedAt = Date.now();
		assert.equal(code, 0, waiter.stderr);
		const boundAt = await bound(server);
		assert.match(waiter.stdout, /^tcp 127\.0\.0\.1:25101 is listening \(waited .+\)\n$/);
		assert.equal(server.stdout.includes('accepted'), false, 'it read the table, it did not connect');
		t.diagnostic(`latency from bind to socktop's exit: ${exitedAt - boundAt} ms (not asserted)`);
	});

	test('an IPv6-only ::1 listener satisfies --addr localhost, not --addr 127.0.0.1', async () => {
		const server = listen('tcp', '::1', 25102, 0, true);
		await bound(server);
		const localhost = await waitRun(['--port', '25102', '--addr', 'localhost', '--timeout', '30s']);
		assert.equal(localhost.code, 0, localhost.stderr);
		assert.match(localhost.stdout, /^tcp \[::1\]:25102 is listening/);
		const v4 = await waitRun(['--port', '25102', '--addr', '127.0.0.1', '--timeout', '300ms']);
		assert.equal(v4.code, 1);
		assert.match(
			v4.stderr,
			/^socktop: timed out after .*: nothing listens on tcp port 25102 at 127\.0\.0\.1 \(on the port: tcp \[::1\]:25102.*\)\n$/,
		);
	});

	test('[::] covers 127.0.0.1 when dual-stack, not when IPV6_V6ONLY (read with ss -e)', async (t) => {
		if (!(await hasCommand('ss'))) return t.skip('ss (iproute2) is not installed');
		await bound(listen('tcp', '::', 25103, 0, false));
		await bound(listen('tcp', '::', 25104, 0, true));
		const dual = await waitRun(['--port', '25103', '--addr', '127.0.0.1', '--timeout', '30s']);
		assert.equal(dual.code, 0, dual.stderr);
		const v6only = await waitRun(['--port', '25104', '--addr', '127.0.0.1', '--timeout', '300ms']);
		assert.equal(v6only.code, 1, v6only.stdout);
		const v6 = await waitRun(['--port', '25104', '--addr', '::1', '--timeout', '30s']);
		assert.equal(v6.code, 0, v6.stderr);
	});

	test('UDP: --udp sees a bound socket; without it a TCP listener is waited for', async () => {
		await bound(listen('udp', '127.0.0.1', 25105));
		const udp = await waitRun(['--port', '25105', '--udp', '--addr', 'localhost', '--timeout', '30s']);
		assert.equal(udp.code, 0, udp.stderr);
		assert.match(udp.stdout, /^udp 127\.0\.0\.1:25105 is listening/);
		const tcp = await waitRun(['--port', '25105', '--timeout', '200ms']);
		assert.equal(tcp.code, 1);
	});

	test('--gone: exits 0 once the listener closes', async () => {
		const server = listen('tcp', '127.0.0.1', 25106);
		await bound(server);
		const waiter = socktopWait(['--port', '25106', '--gone', '--timeout', '60s']);
		await new Promise((resolve) => setTimeout(resolve, 500));
		assert.equal(waiter.hasExited, false, `still listening, so still waiting: ${waiter.stderr}`);
		await server.stop('SIGTERM');
		const {code} = await waiter.waitExit(STARTUP_MS);
		assert.equal(code, 0, waiter.stderr);
		assert.match(waiter.stdout, /^nothing listens on tcp port 25106/);
	});

	test('timeout: exit 1 with one line on stderr', async () => {
		const result = await waitRun(['--port', '25107', '--timeout', '500ms']);
		assert.equal(result.code, 1);
		assert.equal(result.stdout, '');
		assert.match(result.stderr, /^socktop: timed out after \S+ (ms|s): nothing listens on tcp port 25107\n$/);
	});

	test('bad input: exit 2 with one line naming the problem', async () => {
		for (const [args, problem] of [
			[['--port', 'http'], /--port expects a whole number/],
			[['--port', '1', '--timeout', '30'], /give a unit/],
			[['--port', '1', '--addr', 'no-such-name.invalid'], /no DNS lookups/],
			[['--addr', '::1'], /needs --port/],
		] as const) {
			const result = await waitRun(args);
			assert.equal(result.code, 2, args.join(' '));
			assert.match(result.stderr, problem);
			assert.equal(result.stderr.trim().split('\n').length, 1);
		}
	});

	test('Ctrl-C: exit 130', async () => {
		const waiter = socktopWait(['--port', '25108', '--verbose']);
		// --verbose says it waits once it does, after its SIGINT handler is in place: a signal
		// sent earlier, while node is still starting on a loaded machine, would just kill it.
		await waitFor('socktop to wait', () => waiter.stderr.includes('waiting for'), {timeoutMs: STARTUP_MS});
		assert.match(waiter.stderr, /^socktop: waiting for tcp port 25108 to listen\n$/);
		assert.equal(waiter.hasExited, false);
		waiter.process.kill('SIGINT');
		const {code, signal} = await waiter.waitExit(STARTUP_MS);
		assert.deepEqual({code, signal}, {code: 130, signal: null});
		assert.equal(waiter.stdout, '');
	});

	test('--connect: exits once a connection was accepted', async () => {
		const server = listen('tcp', '::1', 25109, 0, true);
		await bound(server);
		const result = await waitRun(['--port', '25109', '--addr', 'localhost', '--connect', '--timeout', '30s']);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /accepted a connection at ::1/);
		await waitFor('the listener to see it', () => server.stdout.includes('accepted'));
	});

	test('--process: the owner by name', async () => {
		await bound(listen('tcp', '127.0.0.1', 25110));
		const node = await waitRun(['--port', '25110', '--process', 'node', '--timeout', '30s']);
		assert.equal(node.code, 0, node.stderr);
		assert.match(node.stdout, /held by node/);
		const other = await waitRun(['--port', '25110', '--process', 'nginx', '--timeout', '300ms']);
		assert.equal(other.code, 1);
		assert.match(other.stderr, /is listening, but not held by nginx/);
	});

	test('--source netstat: the portable path waits the same way', async (t) => {
		if (!(await hasCommand('netstat'))) return t.skip('netstat (net-tools) is not installed');
		await bound(listen('tcp', '::1', 25111, 0, true));
		const result = await waitRun([
			'--port',
			'25111',
			'--addr',
			'localhost',
			'--source',
			'netstat',
			'--timeout',
			'30s',
		]);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /^tcp \[::1\]:25111 is listening/);
	});
});

const IS_ROOT = process.getuid?.() === 0;
describe('socktop wait as nobody', {skip: NOT_LINUX || (!IS_ROOT && 'needs root to run as nobody')}, () => {
	let home = '';
	let ready: string | true = 'not set up';
	before(async () => {
		if (!(await hasCommand('runuser'))) {
			ready = 'runuser (util-linux) is not installed';
			return;
		}
		const ids = await userIds('nobody');
		home = await mkdtemp(join(tmpdir(), 'swt-nobody-'));
		await chown(home, ids.uid, ids.gid);
		await chmod(home, 0o700);
		const probe = await run('runuser', [
			'-u',
			'nobody',
			'--',
			NODE,
			'-e',
			'require("fs").accessSync(process.argv[1])',
			CLI_PATH,
		]);
		ready = probe.code === 0 || `nobody cannot read ${CLI_PATH}: ${probe.stderr.trim()}`;
	});
	after(() => (home ? rm(home, {recursive: true, force: true}) : undefined));
	const asNobody = (args: readonly string[]) =>
		run('runuser', ['-u', 'nobody', '--', 'env', `HOME=${home}`, NODE, CLI_PATH, 'wait', ...args], {
			timeoutMs: STARTUP_MS,
		});

	test("root's listener: seen by nobody; --process says the owner cannot be checked", async (t) => {
		if (ready !== true) return t.skip(ready);
		await bound(listen('tcp', '127.0.0.1', 25112));
		const seen = await asNobody(['--port', '25112', '--addr', 'localhost', '--timeout', '30s']);
		assert.equal(seen.code, 0, seen.stderr);
		const owner = await asNobody(['--port', '25112', '--process', 'node', '--timeout', '500ms']);
		assert.equal(owner.code, 1);
		assert.match(
			owner.stderr,
			/belongs to uid 0: without root its process cannot be seen, so whether node holds it is unknown/,
		);
		assert.match(owner.stderr, /timed out .*whether node holds it is unknown without root/);
	});
});

import assert from 'node:assert/strict';
import {Writable} from 'node:stream';
import {after, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {runScanCommand} from '../../source/cli/scan-command.js';
import {runProcess} from '../helpers/netns.js';
import {TS_IMPORT} from '../helpers/ts-import.js';

// Real immediate connect errors, which must come out `unreachable` (never `filtered`):
// - fe80::1 without its interface: the kernel refuses the address (EINVAL), no packet sent;
// - inside a network namespace made for this test (lo up, nothing else): a route marked
//   `unreachable` (EHOSTUNREACH), a `prohibit` route (EACCES), no route at all (ENETUNREACH),
//   ::1 with IPv6 turned off on lo (EADDRNOTAVAIL), and, with nft, one loopback port whose
//   packets the namespace's own firewall rejects with "host unreachable" while its
//   neighbour is simply closed. No packet leaves the namespace. The namespace part is
//   skipped when namespaces cannot be made (not root).

const SCAN_CLI = fileURLToPath(new URL('../fixtures/scan/scan-cli.ts', import.meta.url));
const NS = `sktp-unr-${process.pid}`;
let created = false;

const run = runProcess;

after(async () => {
	if (created) await run('ip', ['netns', 'del', NS]);
});

function sink() {
	let text = '';
	const stream = new Writable({
		write(chunk: Buffer, _encoding, callback) {
			text += chunk.toString('utf8');
			callback();
		},
	});
	return {stream, text: () => text};
}

it('fe80::1 without its interface is one EINVAL error for the target, not 100 filtered ports', async () => {
	const stdout = sink();
	const stderr = sink();
	const code = await runScanCommand(['fe80::1', '--ports', 'top100', '--json'], {
		stdout: stdout.stream,
		stderr: stderr.stream,
	});
	assert.equal(code, 1);
	assert.deepEqual(JSON.parse(stdout.text()), {
		host: 'fe80::1',
		port: null,
		state: 'unreachable',
		service: null,
		latencyMs: null,
		error: 'EINVAL',
		ports: 100,
	});
	assert.match(
		stderr.text(),
		/^socktop: fe80::1: unreachable \(EINVAL\): link-local needs its interface: fe80::1%eth0 \(all 100 ports, at once\)\n$/,
	);
});

async function setUp(): Promise<string | null> {
	if (process.platform !== 'linux') return 'network namespaces are Linux only';
	const made = await run('ip', ['netns', 'add', NS]);
	if (made.code !== 0) return `ip netns add is not permitted here (${made.stderr.trim() || made.code})`;
	created = true;
	const steps = [
		['ip', '-n', NS, 'link', 'set', 'lo', 'up'],
		['ip', '-n', NS, 'route', 'add', 'unreachable', '10.214.0.0/24'],
		['ip', '-n', NS, 'route', 'add', 'prohibit', '10.214.1.0/24'],
		['ip', 'netns', 'exec', NS, 'sysctl', '-qw', 'net.ipv6.conf.lo.disable_ipv6=1'],
	];
	for (const [file, ...args] of steps) {
		const result = await run(file!, args);
		if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr.trim()}`);
	}
	return null;
}

async function firewall(): Promise<boolean> {
	const rules = [
		['add', 'table', 'inet', 'sktp'],
		['add', 'chain', 'inet', 'sktp', 'out', '{ type filter hook output priority 0 ; policy accept ; }'],
		[
			'add',
			'rule',
			'inet',
			'sktp',
			'out',
			'tcp',
			'dport',
			'9001',
			'reject',
			'with',
			'icmpx',
			'type',
			'host-unreachable',
		],
	];
	for (const rule of rules)
		if ((await run('ip', ['netns', 'exec', NS, 'nft', ...rule])).code !== 0) return false;
	return true;
}

const scanIn = (...args: string[]) =>
	run('ip', [
		'netns',
		'exec',
		NS,
		process.execPath,
		...TS_IMPORT,
		SCAN_CLI,
		...args,
		'--timeout',
		'300',
		'--json',
	]);

const rows = (stdout: string) =>
	stdout
		.trim()
		.split('\n')
		.map(
			(line) => JSON.parse(line) as {host: string; port: number | null; state: string; error: string | null},
		);

it('no route, a prohibited route and IPv6 off are unreachable with their errors, at once', async (t) => {
	const skip = await setUp();
	if (skip) return t.skip(skip);
	const cases: [string, string][] = [
		['10.214.0.5', 'EHOSTUNREACH'],
		['10.214.1.5', 'EACCES'],
		['10.215.0.1', 'ENETUNREACH'],
		['::1', 'EADDRNOTAVAIL'],
	];
	for (const [host, error] of cases) {
		const scan = await scanIn(host, '--ports', '22,80,443');
		assert.equal(scan.code, 1, `${host}: ${scan.stderr}`);
		assert.deepEqual(rows(scan.stdout), [
			{host, port: null, state: 'unreachable', service: null, latencyMs: null, error, ports: 3},
		]);
		assert.match(
			scan.stderr,
			new RegExp(
				`^socktop: ${host.replace(/\./g, '\\.')}: unreachable \\(${error}\\): .+ \\(all 3 ports, at once\\)\n$`,
			),
		);
	}
	if (!(await firewall())) return t.skip('nft could not add a rule in the namespace (nftables missing?)');
	const scan = await scanIn('127.0.0.1', '--ports', '9001,9002');
	assert.equal(scan.code, 0, scan.stderr);
	assert.deepEqual(
		rows(scan.stdout).map(({port, state, error}) => ({port, state, error})),
		[
			{port: 9001, state: 'unreachable', error: 'EHOSTUNREACH'},
			{port: 9002, state: 'closed', error: null},
		],
	);
});

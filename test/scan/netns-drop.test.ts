import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {after, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {makeVethPair, runProcess} from '../helpers/netns.js';
import {TS_IMPORT} from '../helpers/ts-import.js';

// A real silent host: two network namespaces made for this test, joined by a veth
// pair (10.213.0.1 ↔ 10.213.0.2); the target namespace's firewall drops SYNs to two
// ports. No packet leaves these namespaces. Skipped when namespaces or nft/iptables
// are not available (not root, no CAP_NET_ADMIN, tools missing).

const SCAN_CLI = fileURLToPath(new URL('../fixtures/scan/scan-cli.ts', import.meta.url));
const SCANNER_NS = `sktp-c-${process.pid}`;
const TARGET_NS = `sktp-drop-${process.pid}`;
const TARGET = '10.213.0.2';
const OPEN = 8080;
const DROPPED = [9001, 9002];
const CLOSED = [9003, 9004];

const run = runProcess;

const ip = (...args: string[]) => run('ip', args);
const inTarget = (file: string, ...args: string[]) => run('ip', ['netns', 'exec', TARGET_NS, file, ...args]);

let listener: ReturnType<typeof spawn> | null = null;
const created: string[] = [];

after(async () => {
	if (listener?.pid) listener.kill('SIGKILL');
	for (const ns of created) await ip('netns', 'del', ns);
});

async function firewall(): Promise<string | null> {
	const nft = [
		'add table inet sktp',
		'add chain inet sktp input { type filter hook input priority 0 ; policy accept ; }',
	];
	let ok = true;
	for (const rule of nft) ok &&= (await inTarget('nft', ...rule.split(' '))).code === 0;
	if (ok) {
		const drop = await inTarget(
			'nft',
			'add',
			'rule',
			'inet',
			'sktp',
			'input',
			'tcp',
			'dport',
			`{ ${DROPPED.join(', ')} }`,
			'drop',
		);
		if (drop.code === 0) return null;
	}
	for (const port of DROPPED) {
		const result = await inTarget(
			'iptables',
			'-A',
			'INPUT',
			'-p',
			'tcp',
			'--dport',
			String(port),
			'-j',
			'DROP',
		);
		if (result.code !== 0) return `neither nft nor iptables could add a rule: ${result.stderr.trim()}`;
	}
	return null;
}

async function setUp(): Promise<string | null> {
	if (process.platform !== 'linux') return 'network namespaces are Linux only';
	const pair = await makeVethPair(
		{
			scannerNs: SCANNER_NS,
			targetNs: TARGET_NS,
			scannerDev: 'sktp0',
			targetDev: 'sktp1',
			scannerAddress: '10.213.0.1',
			targetAddress: TARGET,
		},
		created,
	);
	if (pair) return pair;
	const problem = await firewall();
	if (problem) return problem;
	const server = `require('node:net').createServer((s) => s.destroy()).listen(${OPEN}, '${TARGET}', () => console.log('ready'))`;
	const child = spawn('ip', ['netns', 'exec', TARGET_NS, process.execPath, '-e', server], {
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	listener = child;
	const ready = await new Promise<boolean>((resolve) => {
		const timer = setTimeout(() => resolve(false), 10_000);
		child.stdout?.on('data', () => {
			clearTimeout(timer);
			resolve(true);
		});
		child.on('close', () => {
			clearTimeout(timer);
			resolve(false);
		});
	});
	return ready ? null : 'the listener in the target namespace did not start';
}

it('reports dropped ports as filtered, and open and closed ones as such, on a real silent host', async (t) => {
	const skip = await setUp();
	if (skip) return t.skip(skip);
	const ports = [OPEN, ...DROPPED, ...CLOSED].join(',');
	const scan = await run('ip', [
		'netns',
		'exec',
		SCANNER_NS,
		process.execPath,
		...TS_IMPORT,
		SCAN_CLI,
		TARGET,
		'--ports',
		ports,
		'--timeout',
		'300',
		'--json',
	]);
	assert.equal(scan.code, 0, scan.stderr);
	const states = Object.fromEntries(
		scan.stdout
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line) as {port: number; state: string})
			.map((row) => [row.port, row.state]),
	);
	assert.deepEqual(states, {
		[OPEN]: 'open',
		9001: 'filtered',
		9002: 'filtered',
		9003: 'closed',
		9004: 'closed',
	});
});

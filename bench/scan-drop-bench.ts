// Scan goal 3: "a top100 scan of a host that drops every packet finishes within one
// timeout window per concurrency batch plus one retry". The silent host is a network
// namespace made here (10.213.1.2, joined to a scanner namespace by a veth pair) whose
// firewall drops every TCP packet; nothing leaves the two namespaces, which are
// removed at the end.
import {fileURLToPath} from 'node:url';
import {makeVethPair, runProcess} from '../test/helpers/netns.js';
import {commandLine, ms, type Print, type SummaryRow, timeProcess} from './lib.js';

const DIST_CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const SCANNER_NS = `sktp-bench-c-${process.pid}`;
const TARGET_NS = `sktp-bench-t-${process.pid}`;
const TARGET = '10.213.1.2';
const TIMEOUT_MS = 500;
const PORTS = 100;

const run = (file: string, args: string[]) => runProcess(file, args, 60_000);

async function setUp(): Promise<string | null> {
	const pair = await makeVethPair(
		{
			scannerNs: SCANNER_NS,
			targetNs: TARGET_NS,
			scannerDev: 'sktpb0',
			targetDev: 'sktpb1',
			scannerAddress: '10.213.1.1',
			targetAddress: TARGET,
		},
		[],
	);
	if (pair) return pair;
	const nft = [
		['add', 'table', 'inet', 'sktpb'],
		['add', 'chain', 'inet', 'sktpb', 'input', '{ type filter hook input priority 0 ; policy accept ; }'],
		['add', 'rule', 'inet', 'sktpb', 'input', 'meta', 'l4proto', 'tcp', 'drop'],
	];
	let ok = true;
	for (const rule of nft) ok &&= (await run('ip', ['netns', 'exec', TARGET_NS, 'nft', ...rule])).code === 0;
	if (ok) return null;
	const ipt = await run('ip', [
		'netns',
		'exec',
		TARGET_NS,
		'iptables',
		'-A',
		'INPUT',
		'-p',
		'tcp',
		'-j',
		'DROP',
	]);
	return ipt.code === 0 ? null : `neither nft nor iptables could add a DROP rule: ${ipt.stderr.trim()}`;
}

async function tearDown() {
	for (const ns of [SCANNER_NS, TARGET_NS]) await run('ip', ['netns', 'del', ns]);
}

export async function runDropBench(print: Print): Promise<SummaryRow[]> {
	const goal = `top100 of a host dropping every packet ≤ (batches + 1 retry) × timeout`;
	if (process.getuid?.() !== 0) {
		print('  silent host: skipped (network namespaces need root)');
		return [{section: 'scan', goal, measured: 'not root', verdict: 'skipped'}];
	}
	try {
		const problem = await setUp();
		if (problem) {
			print(`  silent host: skipped (${problem})`);
			return [{section: 'scan', goal, measured: problem, verdict: 'skipped'}];
		}
		// The concurrency socktop derives inside the namespace (from the open-file limit) decides the batches.
		const limits = await run('ip', ['netns', 'exec', SCANNER_NS, 'sh', '-c', 'ulimit -n']);
		const concurrency = Math.min(1000, Math.max(1, Number(limits.stdout.trim()) - 16));
		const windows = Math.ceil(PORTS / Math.min(concurrency, PORTS)) + 1;
		const bound = windows * TIMEOUT_MS;
		const args = [
			'netns',
			'exec',
			SCANNER_NS,
			process.execPath,
			DIST_CLI,
			'scan',
			TARGET,
			'--ports',
			'top100',
			'--timeout',
			String(TIMEOUT_MS),
			'--json',
		];
		const startup = await timeProcess('ip', [
			'netns',
			'exec',
			SCANNER_NS,
			process.execPath,
			DIST_CLI,
			'--version',
		]);
		const scan = await run('ip', args);
		const started = performance.now();
		const timed = await run('ip', args);
		const wall = performance.now() - started;
		const states = timed.stdout
			.trim()
			.split('\n')
			.filter(Boolean)
			.map((line) => (JSON.parse(line) as {state: string}).state);
		const filtered = states.filter((state) => state === 'filtered').length;
		const scanTime = wall - startup.ms;
		print(`  silent host ${TARGET} in its own namespace, every TCP packet dropped by its firewall`);
		print(`  $ ip ${commandLine('netns', args.slice(1))}`);
		print(
			`  ${filtered} of ${states.length} ports filtered (exit ${timed.code}; warm-up run exit ${scan.code})`,
		);
		print(
			`  wall ${ms(wall)} − Node start-up ${ms(startup.ms)} (socktop --version in the same namespace) = ${ms(scanTime)} of scanning`,
		);
		print(
			`  bound: (${Math.ceil(PORTS / Math.min(concurrency, PORTS))} batch${windows > 2 ? 'es' : ''} + 1 retry) × ${TIMEOUT_MS} ms = ${bound} ms (concurrency ${concurrency})`,
		);
		const ok = filtered === PORTS && scanTime <= bound * 1.1;
		print(`  goal: within the bound (10 % allowance for timers and exit): ${ok ? 'met' : 'NOT met'}`);
		return [
			{
				section: 'scan',
				goal,
				measured: `${ms(scanTime)} of scanning vs ${bound} ms bound; ${filtered}/${PORTS} filtered`,
				verdict: ok ? 'met' : 'NOT met',
			},
		];
	} finally {
		await tearDown();
	}
}

import assert from 'node:assert/strict';
import {Writable} from 'node:stream';
import {describe, it} from 'node:test';
import {parseScanArgs} from '../../source/cli/scan-args.js';
import {runScanCommand, type ScanCommandDeps} from '../../source/cli/scan-command.js';
import type {ConnectFn} from '../../source/scan/scan-types.js';
import type {LookupFn} from '../../source/scan/target.js';
import {capture} from '../helpers/capture.js';

// The command with a fake network: open ports 22 and 80, 25 silent, the rest closed.
const fakeConnect: ConnectFn = async (_host, port, _timeout, signal) => {
	if (signal.aborted) return {error: 'ABORT_ERR'};
	if (port === 22 || port === 80) return {state: 'open', rttMs: 0.5};
	if (port === 25) return 'timeout';
	return 'closed';
};
const lookup: LookupFn = async (name) => {
	if (name === 'box.test') return [{address: '10.0.0.8', family: 4}];
	throw Object.assign(new Error('ENOTFOUND'), {code: 'ENOTFOUND'});
};
const deps: ScanCommandDeps = {connect: fakeConnect, lookup, etcServicesText: null, concurrency: 16};

async function run(
	argv: string[],
	options: {tty?: boolean; signal?: AbortSignal; extra?: ScanCommandDeps} = {},
) {
	const stdout = capture();
	const stderr = capture({isTTY: options.tty ?? false, columns: 100});
	const code = await runScanCommand(
		argv,
		{stdout: stdout.stream, stderr: stderr.stream, ...(options.signal ? {signal: options.signal} : {})},
		{...deps, ...options.extra},
	);
	return {code, stdout, stderr};
}

describe('socktop scan: bad input', () => {
	const cases: Array<[string[], RegExp]> = [
		[[], /needs a target/],
		[['a.test', 'b.test'], /one target, got 2/],
		[['10.0.0.1', '--timeout', 'abc'], /--timeout expects a whole number of milliseconds, got "abc"/],
		[['10.0.0.1', '--timeout=1.5'], /--timeout expects a whole number/],
		[['10.0.0.1', '--timeout', '0'], /--timeout must be between 10 and 60000/],
		[['10.0.0.1', '--timeout', '99999999'], /--timeout must be between/],
		[['10.0.0.1', '--timeout'], /--timeout needs a value/],
		[['10.0.0.1', '--timeout', '--json'], /--timeout needs a value/],
		[['10.0.0.1', '--concurrency', '0'], /--concurrency must be between 1 and 10000/],
		[['10.0.0.1', '--concurrency', 'NaN'], /--concurrency expects a whole number/],
		[['10.0.0.1', '--concurrency='], /--concurrency expects a whole number/],
		[['10.0.0.1', '--ports', '0'], /--ports: port 0/],
		[['10.0.0.1', '-p', '80-22'], /--ports: range "80-22" is reversed/],
		[['10.0.0.1', '--ports', ''], /--ports: empty port list/],
		[['10.0.0.1', '--bogus'], /unknown option "--bogus"/],
		[['10.0.0.1', '-x'], /unknown option "-x"/],
		[['10.0.0.1', '--json=yes'], /--json does not take a value/],
		[['nowhere.test'], /cannot resolve "nowhere.test"/],
		[['10.0.0.0/16'], /too many hosts/],
		[['300.1.1.1'], /bad IPv4/],
	];
	for (const [argv, message] of cases) {
		it(`${JSON.stringify(argv)} → exit 2 and one line`, async () => {
			const {code, stdout, stderr} = await run(argv);
			assert.equal(code, 2);
			assert.equal(stdout.text(), '');
			assert.match(stderr.text(), /^socktop: [^\n]+\n$/);
			assert.match(stderr.text(), message);
		});
	}

	it('prints help with -h and exits 0', async () => {
		const {code, stdout} = await run(['-h']);
		assert.equal(code, 0);
		assert.match(stdout.text(), /^Usage: socktop scan TARGET/);
	});

	it('parses flags in any order, = forms, and -- before the target', () => {
		const parsed = parseScanArgs([
			'--json',
			'--ports=22,80',
			'--timeout',
			'300',
			'--concurrency=5',
			'--',
			'::1',
		]);
		assert.deepEqual(parsed, {
			kind: 'run',
			args: {target: '::1', ports: [22, 80], portSpec: '22,80', timeoutMs: 300, concurrency: 5, json: true},
		});
		const defaults = parseScanArgs(['localhost']);
		assert.ok(defaults.kind === 'run' && defaults.args.ports.length === 1000, 'top1000 by default');
	});
});

describe('socktop scan: output', () => {
	it('prints a table of open ports and a summary line', async () => {
		const {code, stdout, stderr} = await run(['box.test', '--ports', '20-25,80']);
		assert.equal(code, 0);
		assert.equal(stderr.text(), '');
		assert.deepEqual(stdout.lines(), [
			'PORT    STATE  SERVICE  LATENCY',
			'22/tcp  open   ssh      0.50 ms',
			'80/tcp  open   http     0.50 ms',
			'7 ports scanned on box.test (10.0.0.8): 2 open, 4 closed, 1 filtered in ' +
				stdout.lines().at(-1)!.split(' in ').at(-1),
		]);
	});

	it('says so when nothing is open', async () => {
		const {code, stdout} = await run(['10.0.0.1', '-p', '1000-1009']);
		assert.equal(code, 0);
		assert.deepEqual(stdout.lines().length, 1);
		assert.match(
			stdout.text(),
			/^10 ports scanned on 10\.0\.0\.1: 0 open, 10 closed, 0 filtered in \d+ ms\n$/,
		);
	});

	it('prints one JSON object per port with --json', async () => {
		const {code, stdout} = await run(['10.0.0.1', '-p', '22,25,26', '--json']);
		assert.equal(code, 0);
		assert.deepEqual(
			stdout.lines().map((line) => JSON.parse(line)),
			[
				{host: '10.0.0.1', port: 22, state: 'open', service: 'ssh', latencyMs: 0.5, error: null},
				{host: '10.0.0.1', port: 25, state: 'filtered', service: 'smtp', latencyMs: null, error: null},
				{host: '10.0.0.1', port: 26, state: 'closed', service: null, latencyMs: null, error: null},
			],
		);
	});

	it('adds a host column for several hosts, and uses /etc/services names', async () => {
		const {stdout} = await run(['10.0.0.0/31', '-p', '22'], {
			extra: {etcServicesText: 'secure-shell 22/tcp\n'},
		});
		assert.deepEqual(stdout.lines().slice(0, 3), [
			'HOST      PORT    STATE  SERVICE       LATENCY',
			'10.0.0.0  22/tcp  open   secure-shell  0.50 ms',
			'10.0.0.1  22/tcp  open   secure-shell  0.50 ms',
		]);
		assert.match(stdout.lines()[3]!, /^2 ports scanned on 2 hosts \(10\.0\.0\.0\/31\): 2 open/);
	});

	it('shows a progress line on a terminal only, rewritten with \\r and cleared at the end', async () => {
		const slow: ConnectFn = (host, port, timeout, signal) =>
			new Promise((resolve) => setTimeout(() => resolve(fakeConnect(host, port, timeout, signal)), 2));
		const tty = await run(['10.0.0.1', '-p', '1-400'], {tty: true, extra: {connect: slow}});
		assert.equal(tty.code, 0);
		const text = tty.stderr.text();
		assert.match(text, /\r\x1b\[2Kscanning 10\.0\.0\.1 {2}\d+\/400 \(\d+%\) {2}\d+ open/);
		assert.ok(text.endsWith('\r\x1b[2K'), 'cleared at the end');
		assert.ok(!text.includes('\n'), 'never scrolls');
		const notTty = await run(['10.0.0.1', '-p', '1-400'], {extra: {connect: slow}});
		assert.equal(notTty.stderr.text(), '');
	});

	it('stays quiet when stdout is a closed pipe (EPIPE)', async () => {
		const stderr = capture();
		let writes = 0;
		const brokenPipe = new Writable({
			write(_chunk, _encoding, callback) {
				writes++;
				callback(Object.assign(new Error('write EPIPE'), {code: 'EPIPE'}));
			},
		});
		const code = await runScanCommand(
			['10.0.0.1', '-p', 'all', '--json'],
			{stdout: brokenPipe, stderr: stderr.stream},
			deps,
		);
		assert.equal(code, 0);
		assert.equal(stderr.text(), '');
		assert.ok(writes <= 2, `stopped writing after the pipe broke (${writes} writes)`);
	});
});

describe('socktop scan: unreachable is not filtered', () => {
	// 10.0.0.1: port 23 has no route, the rest as fakeConnect. 10.0.0.2: no route at all.
	// fe80::1: a link-local address without its interface (the kernel says EINVAL).
	const connect: ConnectFn = async (host, port, timeout, signal) => {
		if (host === '10.0.0.2' || (host === '10.0.0.1' && port === 23)) return {error: 'EHOSTUNREACH'};
		if (host === 'fe80::1') return {error: 'EINVAL'};
		return fakeConnect(host, port, timeout, signal);
	};

	it('counts unreachable ports apart, with their error, in the summary and the JSON', async () => {
		const text = await run(['10.0.0.1', '-p', '22-25'], {extra: {connect}});
		assert.equal(text.code, 0);
		assert.match(
			text.stdout.lines().at(-1)!,
			/^4 ports scanned on 10\.0\.0\.1: 1 open, 1 closed, 1 filtered, 1 unreachable \(EHOSTUNREACH\) in /,
		);
		const json = await run(['10.0.0.1', '-p', '23,25', '--json'], {extra: {connect}});
		assert.deepEqual(
			json.stdout.lines().map((line) => JSON.parse(line)),
			[
				{
					host: '10.0.0.1',
					port: 23,
					state: 'unreachable',
					service: 'telnet',
					latencyMs: null,
					error: 'EHOSTUNREACH',
				},
				{host: '10.0.0.1', port: 25, state: 'filtered', service: 'smtp', latencyMs: null, error: null},
			],
		);
	});

	it('gives one error for a target whose every port fails at once the same way, and exits 1', async () => {
		const text = await run(['fe80::1', '-p', 'top100'], {extra: {connect}});
		assert.equal(text.code, 1);
		assert.equal(text.stdout.text(), '');
		assert.equal(
			text.stderr.text(),
			'socktop: fe80::1: unreachable (EINVAL): link-local needs its interface: fe80::1%eth0 (all 100 ports, at once)\n',
		);
		const json = await run(['fe80::1', '-p', '22,80', '--json'], {extra: {connect}});
		assert.equal(json.code, 1);
		assert.deepEqual(
			json.stdout.lines().map((line) => JSON.parse(line)),
			[
				{
					host: 'fe80::1',
					port: null,
					state: 'unreachable',
					service: null,
					latencyMs: null,
					error: 'EINVAL',
					ports: 2,
				},
			],
		);
	});

	it('names a host of a block that failed whole, and still reports the others', async () => {
		const text = await run(['10.0.0.2/31', '-p', '22,26'], {extra: {connect}});
		assert.equal(text.code, 0);
		assert.equal(text.stderr.text(), '');
		assert.deepEqual(text.stdout.lines().slice(0, -1), [
			'HOST      PORT    STATE  SERVICE  LATENCY',
			'10.0.0.3  22/tcp  open   ssh      0.50 ms',
			'10.0.0.2: unreachable (EHOSTUNREACH): no route to the host (all 2 ports, at once)',
		]);
		assert.match(
			text.stdout.lines().at(-1)!,
			/^4 ports scanned on 2 hosts \(10\.0\.0\.2\/31\): 1 open, 1 closed, 0 filtered, 2 unreachable \(EHOSTUNREACH\) in /,
		);
	});
});

describe('socktop scan: cancel', () => {
	it('exits 130 on Ctrl-C, printing what was found so far', async () => {
		const controller = new AbortController();
		let calls = 0;
		const connect: ConnectFn = (host, port, timeout, signal) => {
			if (++calls === 50) controller.abort();
			return new Promise((resolve) => setImmediate(() => resolve(fakeConnect(host, port, timeout, signal))));
		};
		const {code, stdout, stderr} = await run(['10.0.0.1', '-p', '1-5000'], {
			signal: controller.signal,
			extra: {connect},
		});
		assert.equal(code, 130);
		assert.equal(stderr.text(), 'socktop: scan cancelled\n');
		assert.match(stdout.lines().at(-1)!, /^\d+ of 5,000 ports scanned on 10\.0\.0\.1: .* \(cancelled\)$/);
		assert.ok(calls < 200, `stopped early (${calls} connects)`);
	});

	it('exits 130 at once when already cancelled', async () => {
		const {code, stderr} = await run(['10.0.0.1'], {signal: AbortSignal.abort()});
		assert.equal(code, 130);
		assert.equal(stderr.text(), 'socktop: scan cancelled\n');
	});
});

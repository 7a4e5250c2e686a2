import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {parseWaitArgs, type WaitArgs} from '../../source/cli/wait-args.js';
import {parseDuration} from '../../source/model/parse-duration.js';
import {parseEtcHosts} from '../../source/os/etc-hosts.js';

const HOSTS = `# a hosts file
127.0.0.1\tlocalhost
::1     localhost ip6-localhost ip6-loopback
127.0.1.1 box.example.test box   # comment
10.0.0.5 db
fd00::5  db
`;
const noHosts = () => null;
const run = (argv: string[], hosts: () => string | null = () => HOSTS): WaitArgs => {
	const result = parseWaitArgs(argv, hosts);
	assert.equal(result.kind, 'run', JSON.stringify(result));
	return (result as {args: WaitArgs}).args;
};
const error = (argv: string[], hosts: () => string | null = () => HOSTS): string => {
	const result = parseWaitArgs(argv, hosts);
	assert.equal(result.kind, 'error', JSON.stringify(result));
	const message = (result as {message: string}).message;
	assert.doesNotMatch(message, /\n/, 'one line');
	return message;
};

describe('parseDuration', () => {
	it('ms, s, m, h, decimals', () => {
		const range = {minMs: 0, maxMs: 86_400_000};
		assert.equal(parseDuration('--t', '500ms', range), 500);
		assert.equal(parseDuration('--t', '30s', range), 30_000);
		assert.equal(parseDuration('--t', '2m', range), 120_000);
		assert.equal(parseDuration('--t', '1h', range), 3_600_000);
		assert.equal(parseDuration('--t', '1.5s', range), 1500);
	});
	it('a bare number asks for a unit; junk and out of range are one line', () => {
		const range = {minMs: 10, maxMs: 60_000};
		assert.match(String(parseDuration('--t', '30', range)), /give a unit: 30s or 30ms/);
		assert.match(String(parseDuration('--t', '-1s', range)), /expects a duration/);
		assert.match(String(parseDuration('--t', '2d', range)), /expects a duration/);
		assert.match(String(parseDuration('--t', '5ms', range)), /between 10ms and 1m/);
		assert.match(String(parseDuration('--t', '2m', range)), /between 10ms and 1m/);
	});
});

describe('parseEtcHosts', () => {
	it('names and aliases, case-insensitive, comments dropped, a name on v4 and v6 lines', () => {
		const names = parseEtcHosts(HOSTS);
		assert.deepEqual(names.get('box'), ['127.0.1.1']);
		assert.deepEqual(names.get('db'), ['10.0.0.5', 'fd00::5']);
		assert.deepEqual(names.get('ip6-loopback'), ['::1']);
		assert.equal(names.get('comment'), undefined);
	});
});

describe('parseWaitArgs', () => {
	it('defaults: TCP, any address, no timeout, present', () => {
		assert.deepEqual(run(['--port', '8080']), {
			proto: 'tcp',
			port: 8080,
			targets: null,
			addrText: null,
			gone: false,
			process: null,
			timeoutMs: null,
			intervalMs: null,
			connect: false,
			quiet: false,
			verbose: false,
			source: 'auto',
			netns: 'host',
		});
	});
	it('every flag, = forms and short ones', () => {
		const args = run([
			'-p',
			'53',
			'--udp',
			'--addr=127.0.0.1',
			'--gone',
			'--process',
			'dnsmasq',
			'--timeout=2m',
			'-q',
		]);
		assert.equal(args.proto, 'udp');
		assert.equal(args.port, 53);
		assert.deepEqual(
			args.targets?.map((t) => t.address),
			['127.0.0.1'],
		);
		assert.equal(args.gone, true);
		assert.equal(args.process, 'dnsmasq');
		assert.equal(args.timeoutMs, 120_000);
		assert.equal(args.quiet, true);
		assert.equal(run(['--port', '1', '--connect', '--interval', '50ms']).intervalMs, 50);
	});
	it('--addr localhost is 127.0.0.1 or ::1, whatever the hosts file says', () => {
		assert.deepEqual(
			run(['--port', '1', '--addr', 'localhost'], noHosts).targets?.map((t) => t.address),
			['127.0.0.1', '::1'],
		);
		assert.equal(
			run(['--port', '1', '--addr', 'LOCALHOST.'], () => '10.9.9.9 localhost\n').targets?.length,
			2,
		);
	});
	it('other names come from /etc/hosts only, all their addresses; repeated --addr adds', () => {
		assert.deepEqual(
			run(['--port', '1', '--addr', 'db']).targets?.map((t) => t.address),
			['10.0.0.5', 'fd00::5'],
		);
		assert.deepEqual(
			run(['--port', '1', '--addr', 'box', '--addr', '[::1]']).targets?.map((t) => t.address),
			['127.0.1.1', '::1'],
		);
		assert.match(error(['--port', '1', '--addr', 'example.com']), /not an IP address.*no DNS/);
		assert.match(error(['--port', '1', '--addr', 'db'], noHosts), /not an IP address/);
		assert.match(error(['--port', '1', '--addr', 'a b']), /expects an IP address/);
	});
	it('bad input: one line each', () => {
		assert.match(error([]), /needs --port/);
		assert.match(error(['--port', '0']), /between 1 and 65535/);
		assert.match(error(['--port', '70000']), /between 1 and 65535/);
		assert.match(error(['--port', 'http']), /whole number/);
		assert.match(error(['--port']), /--port needs a value/);
		assert.match(error(['--port', '--udp']), /--port needs a value/);
		assert.match(error(['--port', '1', '--port', '2']), /given twice/);
		assert.match(error(['--port', '1', '--bogus']), /unknown option "--bogus"/);
		assert.match(error(['--port', '1', 'extra']), /unexpected argument "extra"/);
		assert.match(error(['--port', '1', '--udp=yes']), /takes no value/);
		assert.match(error(['--port', '1', '--timeout', '30']), /give a unit/);
		assert.match(error(['--port', '1', '--interval', '1ms']), /between 10ms/);
		assert.match(error(['--port', '1', '--udp', '--connect']), /TCP only/);
		assert.match(error(['--port', '1', '--gone', '--connect']), /contradict/);
		assert.match(error(['--port', '1', '--source', 'ss']), /auto, procfs or netstat/);
		assert.match(error(['--port', '1', '--process', '/usr/bin/x']), /process name/);
	});
	it('--help', () => {
		assert.deepEqual(parseWaitArgs(['--port', 'x', '--help'], noHosts), {kind: 'help'});
	});
});

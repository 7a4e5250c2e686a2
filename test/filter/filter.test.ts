import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {parseFilter} from '../../source/filter/filter.js';
import type {SocketRecord} from '../../source/model/socket-record.js';
import {rec} from '../helpers/records.js';

const nginx = rec({
	localAddress: '0.0.0.0',
	localPort: 80,
	pid: 101,
	process: 'nginx',
	user: 'www-data',
	uid: 33,
});
const sshIn = rec({
	localAddress: '10.0.0.5',
	localPort: 22,
	remoteAddress: '203.0.113.7',
	remotePort: 51234,
	state: 'ESTABLISHED',
	pid: 2200,
	process: 'sshd',
});
const v6 = rec({family: 6, localAddress: '::1', localPort: 5432, pid: 77, process: 'postgres'});
const dns = rec({
	proto: 'udp',
	localAddress: '127.0.0.53',
	localPort: 53,
	state: 'UNCONN',
	pid: 5,
	process: 'systemd-resolve',
});
const orphan = rec({localPort: 9000, state: 'TIME_WAIT', remoteAddress: '127.0.0.1', remotePort: 40000});
const spaced = rec({
	localAddress: '0.0.0.0',
	localPort: 7000,
	owners: [
		{pid: 9, process: 'my server'},
		{pid: 10, process: 'worker'},
	],
});
const all = [nginx, sshIn, v6, dns, orphan, spaced];

function select(expression: string): SocketRecord[] {
	const result = parseFilter(expression);
	if (!result.ok) throw new Error(result.error);
	return all.filter(result.predicate);
}

function errorOf(expression: string): string {
	const result = parseFilter(expression);
	assert.equal(result.ok, false, `expected "${expression}" to be rejected`);
	return result.ok ? '' : result.error;
}

describe('filter language', () => {
	it('matches everything when empty or blank', () => {
		assert.equal(select('').length, all.length);
		assert.equal(select('   ').length, all.length);
	});

	it('matches a bare word against process, pid, address and port', () => {
		assert.deepEqual(select('nginx'), [nginx]);
		assert.deepEqual(select('2200'), [sshIn]);
		assert.deepEqual(select('22'), [sshIn]);
		assert.deepEqual(select('203.0.113'), [sshIn]);
		assert.deepEqual(select('::1'), [v6]);
		assert.deepEqual(select('NGINX'), [nginx], 'case-insensitive');
	});

	it('matches single fields', () => {
		assert.deepEqual(select('proc:post'), [v6]);
		assert.deepEqual(select('pid:5'), [dns]);
		assert.deepEqual(select('lport:22'), [sshIn]);
		assert.deepEqual(select('rport:51234'), [sshIn]);
		assert.deepEqual(select('port:50000-60000'), [sshIn]);
		assert.deepEqual(select('state:listen'), [nginx, v6, spaced]);
		assert.deepEqual(select('state:time-wait'), [orphan]);
		assert.deepEqual(select('proto:udp'), [dns]);
		assert.deepEqual(select('proto:tcp6'), [v6]);
		assert.deepEqual(select('addr:127.0.0'), [dns, orphan]);
		assert.deepEqual(select('user:www'), [nginx]);
	});

	it('requires every term and negates with !', () => {
		assert.deepEqual(select('state:listen !proc:nginx proto:tcp4'), [spaced]);
		assert.deepEqual(select('!state:listen !proto:udp'), [sshIn, orphan]);
	});

	it('matches any owner of a shared socket, and quoted names with spaces', () => {
		assert.deepEqual(select('proc:worker'), [spaced]);
		assert.deepEqual(select('pid:10'), [spaced]);
		assert.deepEqual(select('proc:"my server"'), [spaced]);
		assert.deepEqual(select("'my server'"), [spaced]);
	});

	it('never matches an unknown owner by accident', () => {
		assert.deepEqual(select('pid:0'), []);
		assert.ok(!select('proc:null').includes(orphan));
	});

	it('rejects bad terms with one line', () => {
		assert.match(errorOf('pid:abc'), /pid: expects a number/);
		assert.match(errorOf('port:70000'), /port: expects a port/);
		// The footer shows it after `/port:70000 ` at 80 columns: 65 columns are left.
		assert.ok(errorOf('port:70000').length <= 65, errorOf('port:70000'));
		assert.match(errorOf('lport:90-80'), /lport: expects/);
		assert.match(errorOf('proto:icmp'), /proto: expects/);
		assert.match(errorOf('colour:red'), /unknown field "colour:"/);
		assert.match(errorOf('proc:'), /proc: needs a value$/);
		assert.match(errorOf('exposed:'), /exposed: needs a value \(exposed:yes\|no\)/);
		assert.match(errorOf('port:'), /port: needs a value \(port:22,80,8000-8100\)/);
		assert.match(errorOf('!'), /must be followed/);
		for (const message of [errorOf('pid:abc'), errorOf('colour:red')]) assert.ok(!message.includes('\n'));
	});

	it('rejects unknown states, unterminated quotes and !! with one line', () => {
		assert.equal(
			errorOf('state:bogus'),
			'state: unknown state "bogus" (listen, estab, syn-sent, time-wait, close-wait, fin-wait1, unconn…)',
		);
		assert.equal(errorOf('proc:"my server'), 'unterminated quote: the " at character 6 is never closed');
		assert.equal(errorOf("nginx 'x"), "unterminated quote: the ' at character 7 is never closed");
		assert.match(errorOf('!!nginx'), /^"!!" is not allowed: negate a term once/);
		assert.match(errorOf('!!!'), /^"!!!" is not allowed/);
		assert.match(errorOf('exposed:maybe'), /^exposed: expects yes or no, got "maybe"$/);
		assert.match(errorOf('port:80,,443'), /port: expects a port/);
		assert.match(errorOf('port:80,99999'), /port: expects a port/);
	});

	it('accepts other spellings of states, and state prefixes', () => {
		assert.deepEqual(select('state:listening'), [nginx, v6, spaced]);
		assert.deepEqual(select('state:estab'), [sshIn]);
		assert.deepEqual(select('state:TIME_WAIT'), [orphan]);
	});

	it('accepts port lists and ranges', () => {
		assert.deepEqual(select('port:53,80'), [nginx, dns]);
		assert.deepEqual(select('lport:7000-7100,22'), [sshIn, spaced]);
		assert.deepEqual(select('!port:22,53,80,5432,7000-9000'), []);
	});

	it('reads a quoted word with a colon as a word, not a field', () => {
		const mixed = rec({localPort: 1234, pid: 3, process: 'a:b'});
		const parsed = parseFilter('"a:b"');
		assert.equal(parsed.ok, true);
		if (parsed.ok) assert.equal(parsed.predicate(mixed), true);
		const colour = parseFilter('"colour:red"');
		assert.equal(colour.ok, true, 'not an unknown field');
		assert.deepEqual(select('proc:"my server"'), [spaced], 'a quoted value after a field is still the value');
		assert.deepEqual(select('!"my server"'), [nginx, sshIn, v6, dns, orphan]);
	});

	it('exposed:yes is listeners and bound UDP beyond loopback (127.0.0.0/8, ::1)', () => {
		const udpAll = rec({proto: 'udp', localAddress: '0.0.0.0', localPort: 68, state: 'UNCONN'});
		const lo5 = rec({localAddress: '127.0.0.5', localPort: 81});
		const v6all = rec({family: 6, localAddress: '::', localPort: 443});
		const mapped = rec({family: 6, localAddress: '::ffff:127.0.0.1', localPort: 82});
		const scoped = rec({family: 6, localAddress: 'fe80::1%eth0', localPort: 83});
		const everything = [...all, udpAll, lo5, v6all, mapped, scoped];
		const pick = (expression: string) => {
			const parsed = parseFilter(expression);
			assert.ok(parsed.ok);
			return everything.filter(parsed.predicate);
		};
		assert.deepEqual(pick('exposed:yes'), [nginx, spaced, udpAll, v6all, scoped]);
		assert.deepEqual(pick('exposed:no'), [sshIn, v6, dns, orphan, lo5, mapped]);
	});

	it('treats regex metacharacters and unicode literally', () => {
		for (const text of ['.*', '(', '[a-z]+', '\\', '$^', 'ñ', '🦀', `${'x'.repeat(10_000)}`]) {
			const result = parseFilter(text);
			assert.equal(result.ok, true, text.slice(0, 20));
			if (result.ok) assert.deepEqual(all.filter(result.predicate), []);
		}
	});
});

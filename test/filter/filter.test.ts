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
		assert.match(errorOf('lport:90-80'), /lport: expects/);
		assert.match(errorOf('proto:icmp'), /proto: expects/);
		assert.match(errorOf('colour:red'), /unknown field "colour:"/);
		assert.match(errorOf('proc:'), /proc: needs a value/);
		assert.match(errorOf('!'), /must be followed/);
		for (const message of [errorOf('pid:abc'), errorOf('colour:red')]) assert.ok(!message.includes('\n'));
	});

	it('treats regex metacharacters and unicode literally', () => {
		for (const text of [
			'.*',
			'(',
			'[a-z]+',
			'\\',
			'$^',
			'ñ',
			'🦀',
			'"unterminated',
			`${'x'.repeat(10_000)}`,
		]) {
			const result = parseFilter(text);
			assert.equal(result.ok, true, text.slice(0, 20));
			if (result.ok) assert.deepEqual(all.filter(result.predicate), []);
		}
	});
});

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {bigIntToIpv6, ipv6ToBigInt} from '../../source/scan/ip-address.js';
import {type LookupFn, resolveTarget} from '../../source/scan/target.js';

function fakeLookup(table: Record<string, string[]>) {
	const calls: string[] = [];
	const lookup: LookupFn = async (name) => {
		calls.push(name);
		const addresses = table[name];
		if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), {code: 'ENOTFOUND'});
		return addresses.map((address) => ({address, family: address.includes(':') ? 6 : 4}));
	};
	return {lookup, calls};
}

const noLookup: LookupFn = async () => {
	throw new Error('lookup must not be called');
};

async function hosts(input: string, lookup: LookupFn = noLookup) {
	const result = await resolveTarget(input, {lookup});
	assert.ok(result.ok, `expected ${JSON.stringify(input)} to resolve: ${result.ok ? '' : result.error}`);
	return result.target.hosts;
}

async function error(input: string, lookup: LookupFn = noLookup) {
	const result = await resolveTarget(input, {lookup});
	assert.equal(result.ok, false, `expected ${JSON.stringify(input.slice(0, 60))} to fail`);
	const message = result.ok ? '' : result.error;
	assert.ok(!message.includes('\n') && message.length < 200, `one short line: ${message}`);
	return message;
}

describe('resolveTarget: addresses', () => {
	it('takes IPv4 and IPv6 addresses as they are, with or without brackets', async () => {
		assert.deepEqual(await hosts('127.0.0.1'), ['127.0.0.1']);
		assert.deepEqual(await hosts(' 10.1.2.3 '), ['10.1.2.3']);
		assert.deepEqual(await hosts('::1'), ['::1']);
		assert.deepEqual(await hosts('[::1]'), ['::1']);
		assert.deepEqual(await hosts('fe80::1%lo'), ['fe80::1%lo']);
		assert.deepEqual(await hosts('::ffff:127.0.0.1'), ['::ffff:127.0.0.1']);
	});

	it('rejects malformed addresses without a DNS lookup', async () => {
		assert.match(await error('256.1.1.1'), /bad IPv4/);
		assert.match(await error('127.1'), /bad IPv4/);
		assert.match(await error('1.2.3'), /bad IPv4/);
		assert.match(await error('::g'), /bad IPv6/);
		assert.match(await error('1:2:3:4:5:6:7:8:9'), /bad IPv6/);
		assert.match(await error('[127.0.0.1]'), /bad IPv6/);
		assert.match(await error('[::1'), /bad/);
		assert.match(await error('[::1]:22'), /bad/);
		assert.match(await error(''), /no target/);
	});
});

describe('resolveTarget: CIDR blocks', () => {
	it('expands IPv4 blocks of up to 256 addresses, ignoring host bits', async () => {
		const block = await hosts('192.168.7.77/24');
		assert.equal(block.length, 256);
		assert.equal(block[0], '192.168.7.0');
		assert.equal(block[255], '192.168.7.255');
		assert.deepEqual(await hosts('10.0.0.5/32'), ['10.0.0.5']);
		assert.deepEqual(await hosts('10.0.0.5/31'), ['10.0.0.4', '10.0.0.5']);
		assert.deepEqual(await hosts('10.0.0.255/30'), ['10.0.0.252', '10.0.0.253', '10.0.0.254', '10.0.0.255']);
		assert.equal((await hosts('255.255.255.0/24')).at(-1), '255.255.255.255');
		assert.equal((await hosts('0.0.0.0/25')).length, 128);
	});

	it('expands IPv6 blocks of up to 256 addresses, with or without brackets', async () => {
		const block = await hosts('fd00::/120');
		assert.equal(block.length, 256);
		assert.equal(block[0], 'fd00::');
		assert.equal(block[1], 'fd00::1');
		assert.equal(block[255], 'fd00::ff');
		assert.deepEqual(await hosts('[2001:db8::7]/127'), ['2001:db8::6', '2001:db8::7']);
		assert.deepEqual(await hosts('::1/128'), ['::1']);
		assert.deepEqual(await hosts('2001:db8:0:0:1:0:0:0/126'), [
			'2001:db8:0:0:1::',
			'2001:db8::1:0:0:1',
			'2001:db8::1:0:0:2',
			'2001:db8::1:0:0:3',
		]);
	});

	it('refuses blocks of more than 256 hosts and bad prefixes', async () => {
		assert.match(await error('10.0.0.0/23'), /too many hosts.*512/);
		assert.match(await error('10.0.0.0/0'), /too many hosts/);
		assert.match(await error('fd00::/119'), /too many hosts.*512/);
		assert.match(await error('::/0'), /too many hosts.*2\^128/);
		assert.match(await error('10.0.0.0/33'), /bad prefix/);
		assert.match(await error('fd00::/129'), /bad prefix/);
		assert.match(await error('10.0.0.0/'), /bad prefix/);
		assert.match(await error('10.0.0.0/-1'), /bad prefix/);
		assert.match(await error('10.0.0.0/24/24'), /bad prefix/);
		assert.match(await error('example.com/24'), /bad CIDR block/);
		assert.match(await error('fe80::1%lo/126'), /bad CIDR block/);
		const limited = await resolveTarget('10.0.0.0/28', {maxHosts: 8});
		assert.equal(limited.ok, false);
	});
});

describe('resolveTarget: host names', () => {
	it('resolves a name once and scans its first address', async () => {
		const {lookup, calls} = fakeLookup({'db.example': ['10.9.8.7', 'fd00::7'], 'v6.example': ['fd00::1']});
		const result = await resolveTarget('db.example', {lookup});
		assert.ok(result.ok, 'resolved');
		assert.deepEqual(result.target, {input: 'db.example', name: 'db.example', hosts: ['10.9.8.7']});
		assert.deepEqual(calls, ['db.example']);
		assert.deepEqual(await hosts('v6.example', lookup), ['fd00::1']);
	});

	it('reports unresolvable names and empty answers', async () => {
		const {lookup} = fakeLookup({'empty.example': []});
		assert.match(await error('nowhere.example', lookup), /cannot resolve "nowhere.example": unknown host/);
		assert.match(await error('empty.example', lookup), /cannot resolve.*no addresses/);
	});

	it('rejects things that are not host names', async () => {
		for (const bad of [
			'a b',
			'host!',
			'-leading.example',
			'under..dot',
			'x'.repeat(64),
			'$(reboot)',
			'.*',
			'\u001b[2J',
		])
			assert.match(await error(bad), /bad host/, bad);
		assert.match(await error(`${'a.'.repeat(5000)}b`), /too long/);
		assert.match(await error('http://x'), /bad CIDR block/);
	});

	it('accepts internationalised names in their ASCII form', async () => {
		const {lookup, calls} = fakeLookup({'xn--bcher-kva.example': ['10.0.0.9']});
		assert.deepEqual(await hosts('bücher.example', lookup), ['10.0.0.9']);
		assert.deepEqual(calls, ['xn--bcher-kva.example']);
	});

	it('stops waiting for DNS when cancelled', async () => {
		const controller = new AbortController();
		const pending = resolveTarget('slow.example', {
			lookup: () => new Promise(() => {}),
			signal: controller.signal,
		});
		controller.abort();
		const result = await pending;
		assert.equal(result.ok, false);
	});
});

describe('IPv6 arithmetic', () => {
	it('round-trips and prints RFC 5952 text', () => {
		const cases: Array<[string, string]> = [
			['::', '::'],
			['::1', '::1'],
			['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
			['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'],
			['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
			['1:0:0:2:0:0:3:4', '1::2:0:0:3:4'],
			['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
			['1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
			['::ffff:10.1.2.3', '::ffff:a01:203'],
		];
		for (const [input, text] of cases) assert.equal(bigIntToIpv6(ipv6ToBigInt(input)!), text, input);
		assert.equal(ipv6ToBigInt('fe80::1%eth0'), null);
		assert.equal(ipv6ToBigInt('nope'), null);
	});
});

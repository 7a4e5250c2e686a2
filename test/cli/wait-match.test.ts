import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {
	canonicalAddress,
	coverage,
	isCandidate,
	type WaitAddress,
	type WaitCondition,
	type WaitSocket,
} from '../../source/cli/wait-match.js';

const addr = (text: string) => {
	const parsed = canonicalAddress(text);
	assert.ok(parsed, text);
	return parsed;
};
const socket = (localAddress: string, more: Partial<WaitSocket> = {}): WaitSocket => ({
	proto: 'tcp',
	family: localAddress.includes(':') ? 6 : 4,
	localAddress,
	localPort: 8080,
	state: 'LISTEN',
	uid: 0,
	inode: 1,
	owners: null,
	...more,
});
const at = (...targets: string[]): WaitCondition => ({
	proto: 'tcp',
	port: 8080,
	targets: targets.length === 0 ? null : targets.map(addr),
});
const LOCALHOST: WaitAddress[] = [addr('127.0.0.1'), addr('::1')];
const unknownFlag = () => undefined;

describe('canonicalAddress', () => {
	it('IPv4, IPv6 in any spelling, brackets, zones', () => {
		assert.deepEqual(addr('127.0.0.1'), {family: 4, address: '127.0.0.1', wildcard: false, zone: null});
		assert.equal(addr('0:0:0:0:0:0:0:1').address, '::1');
		assert.equal(addr('[::1]').address, '::1');
		assert.equal(addr('FE80::1%eth0').zone, 'eth0');
		assert.equal(addr('fe80::1%eth0').address, 'fe80::1');
		assert.equal(addr('::').wildcard, true);
		assert.equal(addr('0.0.0.0').wildcard, true);
	});
	it('an IPv4-mapped address is the IPv4 address; ::ffff:0.0.0.0 the IPv4 wildcard', () => {
		assert.deepEqual(addr('::ffff:127.0.0.1'), {
			family: 4,
			address: '127.0.0.1',
			wildcard: false,
			zone: null,
		});
		assert.deepEqual(addr('::ffff:7f00:1'), addr('127.0.0.1'));
		assert.equal(addr('::ffff:0.0.0.0').wildcard, true);
		assert.equal(addr('::ffff:0.0.0.0').family, 4);
	});
	it('refuses what is not an address', () => {
		for (const text of ['localhost', '1.2.3', '256.0.0.1', '::1%', '127.0.0.1%eth0', '', 'fe80::1::2'])
			assert.equal(canonicalAddress(text), null, text);
	});
});

describe('isCandidate', () => {
	it('TCP: listeners on the port only; UDP: any socket bound to it', () => {
		assert.equal(isCandidate(socket('0.0.0.0'), at()), true);
		assert.equal(isCandidate(socket('0.0.0.0', {localPort: 8081}), at()), false);
		assert.equal(isCandidate(socket('127.0.0.1', {state: 'ESTABLISHED'}), at()), false);
		assert.equal(isCandidate(socket('127.0.0.1', {proto: 'udp', state: 'UNCONN'}), at()), false);
		const udp = {...at(), proto: 'udp' as const};
		assert.equal(isCandidate(socket('127.0.0.1', {proto: 'udp', state: 'UNCONN'}), udp), true);
		assert.equal(isCandidate(socket('127.0.0.1', {proto: 'udp', state: 'ESTABLISHED'}), udp), true);
	});
});

describe('coverage', () => {
	it('no --addr: any socket; a wildcard is connected to on loopback of its family', () => {
		assert.deepEqual(coverage(socket('10.1.2.3'), at(), unknownFlag), {kind: 'yes', connectTo: '10.1.2.3'});
		assert.deepEqual(coverage(socket('0.0.0.0'), at(), unknownFlag), {kind: 'yes', connectTo: '127.0.0.1'});
		assert.deepEqual(coverage(socket('::'), at(), unknownFlag), {kind: 'yes', connectTo: '::1'});
	});
	it('--addr localhost: an IPv6-only ::1 listener is enough, and is where to connect', () => {
		const condition = {...at(), targets: LOCALHOST};
		assert.deepEqual(coverage(socket('::1'), condition, unknownFlag), {kind: 'yes', connectTo: '::1'});
		assert.deepEqual(coverage(socket('127.0.0.1'), condition, unknownFlag), {
			kind: 'yes',
			connectTo: '127.0.0.1',
		});
		assert.deepEqual(coverage(socket('127.0.0.2'), condition, unknownFlag), {kind: 'no'});
	});
	it('a wildcard covers a specific address of its family', () => {
		assert.deepEqual(coverage(socket('0.0.0.0'), at('127.0.0.1'), unknownFlag), {
			kind: 'yes',
			connectTo: '127.0.0.1',
		});
		assert.deepEqual(coverage(socket('::'), at('::1'), unknownFlag), {kind: 'yes', connectTo: '::1'});
		assert.deepEqual(coverage(socket('0.0.0.0'), at('::1'), unknownFlag), {kind: 'no'});
		// …but a specific address does not cover the wildcard asked for.
		assert.deepEqual(coverage(socket('127.0.0.1'), at('0.0.0.0'), unknownFlag), {kind: 'no'});
	});
	it(':: covers IPv4 only when it is not v6-only, and asks when that is unknown', () => {
		assert.deepEqual(coverage(socket('::'), at('127.0.0.1'), unknownFlag), {kind: 'ask-v6only'});
		assert.deepEqual(
			coverage(socket('::'), at('127.0.0.1'), () => false),
			{
				kind: 'yes',
				connectTo: '127.0.0.1',
			},
		);
		assert.deepEqual(
			coverage(socket('::'), at('127.0.0.1'), () => true),
			{kind: 'no'},
		);
		// v4-mapped targets are IPv4 targets: same rule.
		assert.deepEqual(
			coverage(socket('::'), at('::ffff:127.0.0.1'), () => true),
			{kind: 'no'},
		);
		// Asked only when it decides: localhost's ::1 is covered either way.
		assert.deepEqual(coverage(socket('::'), {...at(), targets: LOCALHOST}, unknownFlag), {
			kind: 'yes',
			connectTo: '::1',
		});
	});
	it('an IPv6 socket bound to a v4-mapped address is that IPv4 address', () => {
		assert.deepEqual(coverage(socket('::ffff:127.0.0.1'), at('127.0.0.1'), unknownFlag), {
			kind: 'yes',
			connectTo: '127.0.0.1',
		});
		assert.deepEqual(coverage(socket('::ffff:127.0.0.1'), at('::1'), unknownFlag), {kind: 'no'});
	});
	it('zones: compared only when both sides have one', () => {
		assert.equal(coverage(socket('fe80::1%eth0'), at('fe80::1'), unknownFlag).kind, 'yes');
		assert.equal(coverage(socket('fe80::1'), at('fe80::1%eth0'), unknownFlag).kind, 'yes');
		assert.equal(coverage(socket('fe80::1%eth1'), at('fe80::1%eth0'), unknownFlag).kind, 'no');
	});
});

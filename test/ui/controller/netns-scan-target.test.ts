// The scan prefill for a socket of another network namespace: an address the namespace holds
// itself, or nothing with the reason in the footer. Never 127.0.0.1 (that scans the host).
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {NetnsAddresses} from '../../../source/model/netns-addresses.js';
import type {SocketRecord} from '../../../source/model/socket-record.js';
import {netnsScanTarget} from '../../../source/ui/controller/netns-scan-target.js';
import {reduceKeys} from '../../../source/ui/controller/reduce-key.js';
import {rec} from '../../helpers/records.js';
import {initial, read, rowOf, viewOf} from './fixtures.js';

const NS = 4026532999;
const addresses: NetnsAddresses[] = [
	{netns: 4026530000, ipv4: ['10.9.9.9'], ipv6: []},
	{netns: NS, ipv4: ['127.0.0.1', '172.17.0.2'], ipv6: ['::1', 'fe80::1', 'fd00::2']},
];
/** `rec` leaves netns and container out: a record of that container's namespace. */
const inContainer = (record: SocketRecord): SocketRecord => ({
	...record,
	netns: NS,
	container: 'docker:abc123',
});
const listener = (localAddress: string, family: 4 | 6 = 4) =>
	inContainer(
		rec({
			localAddress,
			localPort: 8080,
			state: 'LISTEN',
			family,
			pid: 7,
		}),
	);

describe('netnsScanTarget', () => {
	it('a socket of this namespace: the usual prefill', () => {
		assert.equal(netnsScanTarget(rec({localAddress: '0.0.0.0', state: 'LISTEN'}), addresses), null);
	});

	it("a wildcard listener: the namespace's first non-loopback IPv4 address, saying it needs a route", () => {
		const got = netnsScanTarget(listener('0.0.0.0'), addresses);
		assert.equal(got?.target, '172.17.0.2');
		assert.match(
			got!.message!.text,
			/172\.17\.0\.2 is docker:abc123's address: reachable only if routed here$/,
		);
	});

	it(':: prefers IPv4, else a global IPv6 address (never loopback or link-local)', () => {
		assert.equal(netnsScanTarget(listener('::', 6), addresses)?.target, '172.17.0.2');
		const v6only = [{netns: NS, ipv4: ['127.0.0.1'], ipv6: ['::1', 'fe80::1', 'fd00::2']}];
		assert.equal(netnsScanTarget(listener('::', 6), v6only)?.target, 'fd00::2');
		// 0.0.0.0 takes no IPv6 connection.
		assert.equal(netnsScanTarget(listener('0.0.0.0'), v6only)?.target, '');
	});

	it('a loopback listener in a container: nothing, and the footer says why', () => {
		for (const address of ['127.0.0.1', '::1']) {
			const got = netnsScanTarget(listener(address, address === '::1' ? 6 : 4), addresses);
			assert.equal(got?.target, '');
			assert.equal(got?.message?.kind, 'error');
			assert.equal(
				got?.message?.text,
				`listens on ${address} inside docker:abc123: not reachable from this host`,
			);
		}
	});

	it('a namespace with loopback only, or whose addresses are not read yet: nothing', () => {
		const loOnly = [{netns: NS, ipv4: ['127.0.0.1'], ipv6: ['::1']}];
		assert.match(netnsScanTarget(listener('0.0.0.0'), loOnly)!.message!.text, /has only loopback addresses/);
		assert.equal(netnsScanTarget(listener('0.0.0.0'), loOnly)!.target, '');
		assert.match(netnsScanTarget(listener('0.0.0.0'), undefined)!.message!.text, /not known yet/);
	});

	it('a listener on one of its own addresses: that address', () => {
		assert.equal(netnsScanTarget(listener('172.17.0.2'), addresses)?.target, '172.17.0.2');
	});

	it("a connection: its peer, unless the peer is the namespace's own loopback", () => {
		const conn = (remoteAddress: string) =>
			inContainer(
				rec({
					localAddress: '127.0.0.1',
					remoteAddress,
					remotePort: 5432,
					state: 'ESTABLISHED',
				}),
			);
		assert.deepEqual(netnsScanTarget(conn('192.0.2.50'), addresses), {target: '192.0.2.50', message: null});
		const got = netnsScanTarget(conn('127.0.0.1'), addresses);
		assert.equal(got?.target, '');
		assert.equal(got?.message?.text, 'talks to 127.0.0.1 inside docker:abc123: not reachable from this host');
	});
});

describe('s on a row of another namespace (controller)', () => {
	const view = (record: ReturnType<typeof listener>) => {
		const base = viewOf({rows: [rowOf(record)]});
		return {...base, snapshot: {...base.snapshot, netnsAddresses: addresses}};
	};

	it("prefills the namespace's address for a wildcard listener and says it needs a route", () => {
		const {state} = reduceKeys(initial({focus: 'listening'}), read('s', 1), view(listener('0.0.0.0')));
		assert.equal(state.mode, 'scan-input');
		assert.equal(state.scanInput?.target, '172.17.0.2');
		assert.equal(state.message?.kind, 'info');
	});

	it('prefills nothing for a loopback listener in a container, never 127.0.0.1', () => {
		const {state} = reduceKeys(initial({focus: 'listening'}), read('s', 1), view(listener('127.0.0.1')));
		assert.equal(state.mode, 'scan-input');
		assert.equal(state.scanInput?.target, '');
		assert.equal(
			state.message?.text,
			'listens on 127.0.0.1 inside docker:abc123: not reachable from this host',
		);
	});

	it('a host-namespace wildcard listener still prefills loopback', () => {
		const host = rec({localAddress: '0.0.0.0', localPort: 80, state: 'LISTEN', pid: 1});
		const {state} = reduceKeys(initial({focus: 'listening'}), read('s', 1), view(host));
		assert.equal(state.scanInput?.target, '127.0.0.1');
		assert.equal(state.message, null);
	});
});

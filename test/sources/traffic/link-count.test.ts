// The machine total's rule (link-count.ts): each link once, loopback apart, on counters shaped
// like the kernel's (a veth end's received = its peer's sent).
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {countLinks, mirrors, type NamespaceInterfaces} from '../../../source/sources/traffic/link-count.js';
import type {NetDevInterface} from '../../../source/sources/traffic/parse-net-dev.js';

const dev = (
	name: string,
	rxBytes: number,
	txBytes: number,
	rxPackets = 0,
	txPackets = 0,
): NetDevInterface => ({
	name,
	rxBytes,
	txBytes,
	rxPackets,
	txPackets,
});
/** The same interfaces in both passes. */
const still = (key: number, host: boolean, lines: NetDevInterface[]): NamespaceInterfaces => ({
	key,
	host,
	first: lines,
	second: lines,
});
const roles = (namespaces: NamespaceInterfaces[]) =>
	Object.fromEntries(countLinks(namespaces).map((line) => [line.id, line.role]));

describe('countLinks', () => {
	it("a container's veth counts at its host end; its loopback apart; the host's own interfaces count", () => {
		const result = roles([
			still(900, false, [dev('lo', 500, 500, 5, 5), dev('eth0', 7000, 3000, 70, 30)]),
			still(1, true, [
				dev('lo', 9, 9, 1, 1),
				dev('eth0', 3_173_352_583, 8_544_321, 123_301, 83_974),
				dev('veth1', 3000, 7000, 30, 70),
			]),
		]);
		assert.deepEqual(result, {
			'1/lo': 'loopback',
			'1/eth0': 'counted',
			'1/veth1': 'counted',
			'900/lo': 'loopback',
			'900/eth0': 'peer',
		});
	});

	it('a pair that moves bytes between the two passes is still one link', () => {
		// Passes: host end read at t1 and t3, container end at t2 and t4 (t1 < t2 < t3 < t4).
		const host: NamespaceInterfaces = {
			key: 1,
			host: true,
			first: [dev('vh', 1_000_000, 5_000_000, 100, 500)],
			second: [dev('vh', 1_600_000, 9_000_000, 160, 900)],
		};
		const box: NamespaceInterfaces = {
			key: 50,
			host: false,
			first: [dev('eth0', 7_000_000, 1_300_000, 700, 130)],
			second: [dev('eth0', 9_500_000, 1_700_000, 950, 170)],
		};
		assert.deepEqual(roles([box, host]), {'1/vh': 'counted', '50/eth0': 'peer'});
	});

	it('a veth between two containers counts once, at the namespace read first', () => {
		assert.deepEqual(
			roles([
				still(70, false, [dev('b0', 400, 100, 4, 1)]),
				still(60, false, [dev('a0', 100, 400, 1, 4)]),
				still(1, true, [dev('eth0', 10, 20, 1, 2)]),
			]),
			{'1/eth0': 'counted', '60/a0': 'counted', '70/b0': 'peer'},
		);
	});

	it('unrelated interfaces with small counters are not taken for a pair (seen here: two hosts ends)', () => {
		// /proc/net/dev on this machine, 2026-11-30: two veth host ends of different namespaces.
		assert.deepEqual(
			roles([still(1, true, [dev('ho8f6fa', 15584, 7449, 47, 50), dev('ho8f6fb', 9936, 6557, 33, 38)])]),
			{'1/ho8f6fa': 'counted', '1/ho8f6fb': 'counted'},
		);
	});

	it('an interface with no end elsewhere (a NIC moved into a namespace) counts where it is', () => {
		assert.deepEqual(
			roles([
				still(1, true, [dev('eth0', 10, 20, 1, 2)]),
				still(80, false, [dev('lo', 0, 0), dev('enp3s0', 123_456, 654_321, 100, 200)]),
			]),
			{'1/eth0': 'counted', '80/lo': 'loopback', '80/enp3s0': 'counted'},
		);
	});

	it('mirrors needs all four counters to mirror', () => {
		const a = {first: dev('a', 10, 20, 1, 2), second: dev('a', 10, 20, 1, 2)};
		assert.equal(mirrors(a, {first: undefined, second: dev('b', 20, 10, 2, 1)}), true);
		assert.equal(mirrors(a, {first: undefined, second: dev('b', 20, 10, 2, 9)}), false);
		assert.equal(mirrors(a, {first: undefined, second: dev('b', 21, 10, 2, 1)}), false);
	});
});

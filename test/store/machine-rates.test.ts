// The machine's rates: per interface differences, the links counted once, loopback apart, and
// no spike when a namespace comes or goes.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {CountedInterface, InterfaceRole} from '../../source/sources/traffic/link-count.js';
import {machineTotals, sampleOf} from '../../source/store/machine-rates.js';

const line = (id: string, role: InterfaceRole, rxBytes: number, txBytes: number): CountedInterface => ({
	id,
	name: id.split('/')[1]!,
	role,
	rxBytes,
	txBytes,
	rxPackets: 0,
	txPackets: 0,
});

describe('machineTotals', () => {
	it('sums what counted interfaces moved, loopback apart, peers left out', () => {
		const before = sampleOf(
			{
				namespaces: 2,
				interfaces: [
					line('1/eth0', 'counted', 1000, 2000),
					line('1/veth', 'counted', 0, 0),
					line('9/eth0', 'peer', 0, 0),
					line('9/lo', 'loopback', 0, 0),
				],
			},
			10_000,
		);
		const totals = machineTotals(
			before,
			{
				namespaces: 2,
				interfaces: [
					line('1/eth0', 'counted', 3000, 2000),
					line('1/veth', 'counted', 4000, 8000),
					line('9/eth0', 'peer', 8000, 4000),
					line('9/lo', 'loopback', 6000, 6000),
				],
			},
			12_000,
		);
		assert.deepEqual(totals, {rateIn: 3000, rateOut: 4000, loopback: 3000, namespaces: 2});
	});

	it('a namespace that appears adds nothing until its second read (no spike of its whole counter)', () => {
		const before = sampleOf({namespaces: 1, interfaces: [line('1/eth0', 'counted', 0, 0)]}, 0);
		const totals = machineTotals(
			before,
			{
				namespaces: 2,
				interfaces: [line('1/eth0', 'counted', 1000, 1000), line('7/wg0', 'counted', 9e9, 9e9)],
			},
			1000,
		);
		assert.deepEqual(totals, {rateIn: 1000, rateOut: 1000, loopback: 0, namespaces: 2});
	});

	it('an interface made again (counters back to zero) and the first read give nothing', () => {
		const netDev = {namespaces: 1, interfaces: [line('1/eth0', 'counted', 10, 10)]};
		assert.equal(machineTotals(null, netDev, 1000), null);
		const before = sampleOf({namespaces: 1, interfaces: [line('1/eth0', 'counted', 500, 500)]}, 0);
		assert.deepEqual(machineTotals(before, netDev, 1000), {
			rateIn: 0,
			rateOut: 0,
			loopback: 0,
			namespaces: 1,
		});
	});
});

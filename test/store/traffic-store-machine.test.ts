// The header's machine rates through the traffic store: timed by when the interface counters
// were read, not by the ss run (which under load can take a second and start late).
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {CountedInterface} from '../../source/sources/traffic/link-count.js';
import type {TrafficReading, TrafficSource} from '../../source/sources/traffic/traffic-source.js';
import type {PollStore} from '../../source/store/poll-store.js';
import type {Snapshot} from '../../source/store/snapshot.js';
import {createTrafficStore} from '../../source/store/traffic-store.js';
import {FakeClock} from '../helpers/fake-clock.js';

const sockets = {getSnapshot: () => ({rows: [], lastGoodAt: 1}) as unknown as Snapshot} as PollStore;
const eth = (rx: number, tx: number): CountedInterface => ({
	id: '1/eth0',
	name: 'eth0',
	role: 'counted',
	rxBytes: rx,
	txBytes: tx,
	rxPackets: 0,
	txPackets: 0,
});
const lo = (bytes: number): CountedInterface => ({
	...eth(bytes, bytes),
	id: '1/lo',
	name: 'lo',
	role: 'loopback',
});

describe('traffic store: machine rates', () => {
	it('divide by the time between the two interface reads, and carry the loopback and namespace count', async () => {
		const clock = new FakeClock();
		// Counters read every 2 s (netDevAt 0, 2000); the ss runs' middles far off (500, 2900).
		const readings: TrafficReading[] = [
			{
				sockets: [],
				complete: true,
				netDev: {namespaces: 3, interfaces: [eth(0, 0), lo(0)]},
				netDevAt: 0,
				at: 500,
				listen: null,
				skippedLines: 0,
			},
			{
				sockets: [],
				complete: true,
				netDev: {namespaces: 3, interfaces: [eth(4000, 2000), lo(600_000)]},
				netDevAt: 2000,
				at: 2900,
				listen: null,
				skippedLines: 0,
			},
		];
		let next = 0;
		const source: TrafficSource = {read: async () => readings[Math.min(next++, 1)]!};
		const store = createTrafficStore({source, sockets, intervalMs: 2000, clock});
		store.start();
		await clock.advance(0);
		await clock.advance(2000);
		const taken = store.getSnapshot();
		store.stop();
		assert.deepEqual(taken.machine, {rateIn: 2000, rateOut: 1000});
		assert.equal(taken.loopback, 300_000);
		assert.equal(taken.netnsCounted, 3);
	});
});

// The idle gate while the machine's interfaces move (any packet on the server, another
// namespace's traffic): the header's machine rates follow, on the same zero socket rates.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {CountedInterface} from '../../source/sources/traffic/link-count.js';
import type {TrafficProbe} from '../../source/sources/traffic/traffic-source.js';
import {createTrafficStore} from '../../source/store/traffic-store.js';
import {FakeClock} from '../helpers/fake-clock.js';
import {rec} from '../helpers/records.js';
import {conn, scriptedTraffic, socketTable} from '../helpers/traffic-fakes.js';

const eth = (bytes: number): CountedInterface => ({
	id: '1/eth0',
	name: 'eth0',
	role: 'counted',
	rxBytes: bytes,
	txBytes: bytes,
	rxPackets: 0,
	txPackets: 0,
});
const owned = [rec({remoteAddress: '127.0.0.1', remotePort: 2, state: 'ESTABLISHED', inode: 7, pid: 5})];

describe('traffic store: idle sockets, moving interfaces', () => {
	it('publishes the new machine rates with the same socket rates and the sparklines moved on', async () => {
		const clock = new FakeClock();
		let segments = 100;
		let bytes = 0;
		const probe = async (): Promise<TrafficProbe> => ({
			segments: {inSegs: segments, outSegs: segments, retransSegs: 0},
			netDev: {namespaces: 1, interfaces: [eth(bytes)]},
		});
		const source = scriptedTraffic([[conn(7, 0, 0)], [conn(7, 2000, 1000)]], [], probe);
		const store = createTrafficStore({source, sockets: socketTable(owned).store, intervalMs: 1000, clock});
		store.start();
		await clock.advance(0);
		segments = 120;
		await clock.advance(1000);
		await clock.advance(1000); // the first idle poll: rates 0
		const idle = store.getSnapshot();
		assert.notEqual(idle.idleSince ?? null, null);
		assert.equal(idle.sockets.get(7)?.rateIn, 0);
		const historyBefore = idle.processes.get(5)?.history.length ?? 0;

		bytes = 5000; // a packet elsewhere on the machine: 5,000 B/s on eth0, no TCP segment here
		await clock.advance(1000);
		const moved = store.getSnapshot();
		assert.notEqual(moved, idle);
		assert.deepEqual(moved.machine, {rateIn: 5000, rateOut: 5000});
		assert.equal(moved.sockets, idle.sockets, 'the socket rates are not made again');
		assert.equal(moved.idleSince, idle.idleSince);
		assert.equal(moved.processes.get(5)?.history.length, historyBefore + 1);
		assert.deepEqual(moved.processes.get(5)?.history.at(-1), {rateIn: 0, rateOut: 0});

		await clock.advance(1000); // the interfaces stand still again: rates 0, published once
		const still = store.getSnapshot();
		assert.deepEqual(still.machine, {rateIn: 0, rateOut: 0});
		await clock.advance(1000);
		assert.equal(store.getSnapshot(), still, 'nothing new: nothing published');
		store.stop();
	});
});

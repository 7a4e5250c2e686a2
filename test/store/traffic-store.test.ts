import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {SsTcpSocket} from '../../source/sources/traffic/parse-ss-tcp.js';
import type {TrafficScope} from '../../source/sources/traffic/traffic-source.js';
import type {PollStore} from '../../source/store/poll-store.js';
import type {Snapshot} from '../../source/store/snapshot.js';
import {createTrafficStore} from '../../source/store/traffic-store.js';
import {FakeClock} from '../helpers/fake-clock.js';
import {rec} from '../helpers/records.js';
import {conn, scriptedTraffic, socketTable} from '../helpers/traffic-fakes.js';

describe('traffic store', () => {
	it('rates are the counters difference over the time between reads; sums per process and container', async () => {
		const clock = new FakeClock();
		const records = [
			rec({remoteAddress: '127.0.0.1', remotePort: 2, state: 'ESTABLISHED', inode: 7, pid: 5, process: 'a'}),
			rec({remoteAddress: '127.0.0.1', remotePort: 3, state: 'ESTABLISHED', inode: 8, pid: 5, process: 'a'}),
		].map((record) => ({...record, container: 'docker:abc'}));
		const store = createTrafficStore({
			source: scriptedTraffic([
				[conn(7, 1000, 0), conn(8, 0, 0)],
				[conn(7, 201_000, 50), conn(8, 0, 100)],
			]),
			sockets: socketTable(records).store,
			intervalMs: 1000,
			clock,
		});
		store.start();
		await clock.advance(0);
		assert.equal(store.getSnapshot().sockets.get(7)?.rateOut, null, 'one read: no rate yet');
		await clock.advance(1000);
		const snapshot = store.getSnapshot();
		assert.deepEqual(snapshot.sockets.get(7), {
			bytesSent: 201_000,
			bytesReceived: 50,
			rateIn: 50,
			rateOut: 200_000,
		});
		assert.deepEqual([snapshot.processes.get(5)?.rateIn, snapshot.processes.get(5)?.rateOut], [150, 200_000]);
		assert.deepEqual(snapshot.containers.get('docker:abc'), {rateIn: 150, rateOut: 200_000});
		store.stop();
	});

	it('publishes nothing new when no counter moved (an idle dashboard re-renders nothing)', async () => {
		const clock = new FakeClock();
		const store = createTrafficStore({
			source: scriptedTraffic([[conn(7, 10, 10)]]),
			sockets: socketTable([]).store,
			intervalMs: 1000,
			clock,
		});
		store.start();
		await clock.advance(2000); // rates 0 from the second read on
		const settled = store.getSnapshot();
		await clock.advance(5000);
		assert.equal(store.getSnapshot(), settled);
		store.stop();
	});

	it('above the threshold reads only the rows on screen, and everything every N polls', async () => {
		const clock = new FakeClock();
		const scopes: TrafficScope[] = [];
		const many = Array.from({length: 6}, (_, i) => rec({localPort: i + 1}));
		const store = createTrafficStore({
			source: scriptedTraffic([[conn(7, 1, 1)]], scopes),
			sockets: socketTable(many).store,
			intervalMs: 1000,
			clock,
			fullReadUpTo: 5,
			fullEveryPolls: 3,
		});
		store.setVisible([{localPort: 40000, remotePort: 80}]);
		store.start();
		await clock.advance(5000);
		assert.deepEqual(
			scopes.map((scope) => (scope === 'all' ? 'all' : scope.length)),
			['all', 1, 1, 'all', 1, 1],
		);
		assert.equal(store.getSnapshot().mode, 'visible');
		store.stop();
	});

	it('listen queues: saturated when the accept queue reaches the backlog', async () => {
		const clock = new FakeClock();
		const listener = (inode: number, recvQ: number, sendQ: number): SsTcpSocket => ({
			...conn(inode, 0, 0),
			state: 'LISTEN',
			recvQ,
			sendQ,
			bytesSent: null,
			bytesReceived: null,
		});
		const store = createTrafficStore({
			source: scriptedTraffic([[listener(1, 2, 1), listener(2, 0, 511), listener(3, 0, 0)]]),
			sockets: socketTable([]).store,
			intervalMs: 1000,
			clock,
		});
		store.start();
		await clock.advance(0);
		const {listeners} = store.getSnapshot();
		assert.deepEqual(
			[1, 2, 3].map((inode) => listeners.get(inode)?.saturated),
			[true, false, false],
		);
		store.stop();
	});

	it('reads nothing while the socket table has no data yet (its cold read)', async () => {
		const clock = new FakeClock();
		const scopes: TrafficScope[] = [];
		const loading = {getSnapshot: () => ({rows: [], lastGoodAt: null}) as unknown as Snapshot} as PollStore;
		const store = createTrafficStore({
			source: scriptedTraffic([[]], scopes),
			sockets: loading,
			intervalMs: 1000,
			clock,
		});
		store.start();
		await clock.advance(5000);
		assert.deepEqual([scopes.length, store.getSnapshot().status], [0, 'starting']);
		store.stop();
	});

	it('a failing read is reported once, and the platform without counters says unsupported', async () => {
		const clock = new FakeClock();
		const store = createTrafficStore({
			source: {
				read: async () => {
					throw new Error('ss was not found on PATH');
				},
			},
			sockets: socketTable([]).store,
			intervalMs: 1000,
			clock,
		});
		store.start();
		await clock.advance(0);
		const failed = store.getSnapshot();
		assert.deepEqual([failed.status, failed.error], ['error', 'ss was not found on PATH']);
		await clock.advance(3000);
		assert.equal(store.getSnapshot(), failed);
		store.stop();
		const none = createTrafficStore({source: null, sockets: socketTable([]).store, intervalMs: 1000, clock});
		assert.equal(none.getSnapshot().status, 'unsupported');
	});
});

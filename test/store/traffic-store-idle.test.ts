// The idle gate: when the namespace's TCP segment counters (/proc/net/snmp) did not move since
// the last poll, no socket's byte counters can have moved, so the store runs no `ss` and
// reports every rate as 0; anything that can change without a segment makes it read again.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {SsTcpSocket} from '../../source/sources/traffic/parse-ss-tcp.js';
import type {TcpSegments} from '../../source/sources/traffic/parse-tcp-snmp.js';
import type {TrafficScope} from '../../source/sources/traffic/traffic-source.js';
import {createTrafficStore} from '../../source/store/traffic-store.js';
import {FakeClock} from '../helpers/fake-clock.js';
import {rec} from '../helpers/records.js';
import {conn, scriptedTraffic, socketTable} from '../helpers/traffic-fakes.js';

const segs = (n: number): TcpSegments => ({inSegs: n, outSegs: n, retransSegs: 0});

/**
 * Reads answer with the next of READINGS (the last once they run out); the probe answers with
 * what `segments.value` holds at the time.
 */
function probed(
	readings: SsTcpSocket[][],
	segments: {value: TcpSegments | null},
	scopes: TrafficScope[] = [],
) {
	const source = scriptedTraffic(readings, scopes, async () => ({segments: segments.value, netDev: null}));
	return {source, reads: () => scopes.length};
}

const owned = [rec({remoteAddress: '127.0.0.1', remotePort: 2, state: 'ESTABLISHED', inode: 7, pid: 5})];

describe('traffic store: no TCP segment since the last poll, no ss', () => {
	it('reads once, then skips ss while the segment counters stand still; rates drop to exactly 0', async () => {
		const clock = new FakeClock();
		const segments = {value: segs(100)};
		const {source, reads} = probed([[conn(7, 0, 0)], [conn(7, 2000, 1000)]], segments);
		const store = createTrafficStore({source, sockets: socketTable(owned).store, intervalMs: 1000, clock});
		store.start();
		await clock.advance(0);
		segments.value = segs(120); // the transfer moves segments
		await clock.advance(1000);
		assert.equal(reads(), 2);
		assert.deepEqual(store.getSnapshot().sockets.get(7), {
			bytesSent: 2000,
			bytesReceived: 1000,
			rateIn: 1000,
			rateOut: 2000,
		});
		assert.equal(store.getSnapshot().idleSince ?? null, null);
		const readAt = clock.now();
		// Nothing moves from here on.
		await clock.advance(1000);
		await clock.advance(5000);
		assert.equal(reads(), 2, 'no ss run while no segment moved');
		const snapshot = store.getSnapshot();
		assert.deepEqual(snapshot.sockets.get(7), {bytesSent: 2000, bytesReceived: 1000, rateIn: 0, rateOut: 0});
		assert.equal(snapshot.idleSince, readAt, 'idle since the probe before the last read');
		const history = snapshot.processes.get(5)?.history ?? [];
		assert.deepEqual(history.at(-1), {rateIn: 0, rateOut: 0}, 'the sparkline goes on with zeros');
		assert.deepEqual([snapshot.processes.get(5)?.rateIn, snapshot.processes.get(5)?.rateOut], [0, 0]);
		// Idle polls after the first publish nothing new: nothing to re-render.
		const settled = store.getSnapshot();
		await clock.advance(3000);
		assert.equal(store.getSnapshot(), settled);
		store.stop();
	});

	it('a rate after idle polls is over the time since the last idle poll, not since the last ss read', async () => {
		const clock = new FakeClock();
		const segments = {value: segs(1)};
		const {source, reads} = probed([[conn(7, 0, 0)], [conn(7, 3000, 0)]], segments);
		const store = createTrafficStore({source, sockets: socketTable(owned).store, intervalMs: 1000, clock});
		store.start();
		await clock.advance(0); // read: 0 bytes
		await clock.advance(2000); // two idle polls: the counters at t=2000 are still 0
		assert.equal(reads(), 1);
		segments.value = segs(9); // 3,000 bytes go out between t=2000 and t=3000
		await clock.advance(1000);
		assert.equal(reads(), 2);
		assert.equal(store.getSnapshot().sockets.get(7)?.rateOut, 3000, '3,000 B over 1 s, not over 3 s');
		assert.equal(store.getSnapshot().idleSince ?? null, null, 'read again: the header stops saying idle');
		assert.deepEqual(
			store
				.getSnapshot()
				.processes.get(5)
				?.history.map((rates) => rates.rateOut),
			[0, 0, 0, 3000],
			'one sparkline sample per poll, idle ones included',
		);
		store.stop();
	});

	it('reads again when the socket table changed (an accept() empties a queue without a segment)', async () => {
		const clock = new FakeClock();
		const segments = {value: segs(1)};
		const sockets = socketTable(owned);
		const {source, reads} = probed([[conn(7, 0, 0)]], segments);
		const store = createTrafficStore({source, sockets: sockets.store, intervalMs: 1000, clock});
		store.start();
		await clock.advance(1000);
		assert.equal(reads(), 1);
		sockets.replace([...owned, rec({localPort: 9000, state: 'LISTEN', inode: 8})]);
		await clock.advance(1000);
		assert.equal(reads(), 2);
		await clock.advance(1000);
		assert.equal(reads(), 2);
		store.stop();
	});

	it('reads every poll when the counters move, and when they cannot be read', async () => {
		const clock = new FakeClock();
		const segments: {value: TcpSegments | null} = {value: segs(1)};
		const {source, reads} = probed([[conn(7, 0, 0)]], segments);
		const store = createTrafficStore({source, sockets: socketTable(owned).store, intervalMs: 1000, clock});
		store.start();
		await clock.advance(0);
		for (let i = 2; i <= 4; i++) {
			segments.value = {inSegs: 1, outSegs: 1, retransSegs: i}; // a retransmission alone
			await clock.advance(1000);
		}
		assert.equal(reads(), 4);
		segments.value = null;
		await clock.advance(2000);
		assert.equal(reads(), 6);
		store.stop();
	});

	it('above the threshold: reads when the rows on screen change, even with no segment', async () => {
		const clock = new FakeClock();
		const segments = {value: segs(1)};
		const many = Array.from({length: 6}, (_, i) => rec({localPort: i + 1}));
		const scopes: TrafficScope[] = [];
		const {source} = probed([[conn(7, 0, 0)]], segments, scopes);
		const store = createTrafficStore({
			source,
			sockets: socketTable(many).store,
			intervalMs: 1000,
			clock,
			fullReadUpTo: 5,
			fullEveryPolls: 3,
		});
		store.setVisible([{localPort: 40000, remotePort: 80}]);
		store.start();
		await clock.advance(3000);
		assert.deepEqual(
			scopes.map((scope) => (scope === 'all' ? 'all' : scope.length)),
			['all'],
		);
		store.setVisible([
			{localPort: 40000, remotePort: 80},
			{localPort: 40001, remotePort: 80},
		]);
		await clock.advance(1000);
		assert.equal(scopes.length, 2);
		store.stop();
	});
});

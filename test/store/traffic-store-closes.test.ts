// Connections that close between polls: their final counters (from the close watch, ss -E)
// reach the history's lookup and the process's sum of that poll.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {CloseWatch} from '../../source/sources/traffic/close-watch.js';
import type {ClosedSocket} from '../../source/sources/traffic/parse-ss-closed.js';
import {createTrafficStore} from '../../source/store/traffic-store.js';
import {FakeClock} from '../helpers/fake-clock.js';
import {rec} from '../helpers/records.js';
import {conn, scriptedTraffic, socketTable} from '../helpers/traffic-fakes.js';

/** A close watch the test drives: `close()` is ss printing a close event. */
function fakeWatch() {
	let onClosed: ((socket: ClosedSocket) => void) | null = null;
	let running = false;
	const watch: CloseWatch = {
		start: (callback) => {
			onClosed = callback;
			running = true;
		},
		stop: () => {
			running = false;
		},
		pid: () => (running ? 1 : null),
	};
	return {watch, close: (socket: ClosedSocket) => onClosed!(socket), running: () => running};
}

describe('traffic store: closes between polls', () => {
	const records = [
		rec({
			localPort: 40000,
			remoteAddress: '127.0.0.1',
			remotePort: 80,
			state: 'ESTABLISHED',
			inode: 7,
			pid: 5,
		}),
		rec({
			family: 6,
			localAddress: '::1',
			localPort: 40001,
			remoteAddress: '::1',
			remotePort: 81,
			state: 'ESTABLISHED',
			inode: 8,
			pid: 6,
		}),
	];

	it('the final counters are found by the ends of the socket the table had, and added to the process sum', async () => {
		const clock = new FakeClock();
		const fake = fakeWatch();
		// Inode 7 was read at 1,000/0 then closes having sent 5,000 and received 300 (ss -E);
		// inode 8 (IPv6) stays and moves nothing.
		const store = createTrafficStore({
			source: scriptedTraffic([[conn(7, 1000, 0), conn(8, 0, 0)], [conn(8, 0, 0)]]),
			sockets: socketTable(records).store,
			intervalMs: 1000,
			clock,
			closeWatch: fake.watch,
		});
		store.start();
		assert.ok(fake.running(), 'the watch runs with the store');
		await clock.advance(0);
		assert.equal(store.finalBytes(records[0]!), null);
		fake.close({local: '127.0.0.1:40000', peer: '127.0.0.1:80', bytesSent: 5000, bytesReceived: 300});
		fake.close({local: '[::1]:40001', peer: '[::1]:81', bytesSent: 1, bytesReceived: 2});
		// A close of a connection the table never had (opened and closed between polls): no owner.
		fake.close({local: '127.0.0.1:9', peer: '127.0.0.1:10', bytesSent: 9, bytesReceived: 9});
		assert.deepEqual(store.finalBytes(records[0]!), {bytesSent: 5000, bytesReceived: 300});
		assert.deepEqual(store.finalBytes(records[1]!), {bytesSent: 1, bytesReceived: 2});
		await clock.advance(1000);
		const sums = store.getSnapshot().processes.get(5);
		// 4,000 bytes sent and 300 received since the read 1 s before.
		assert.deepEqual([sums?.rateOut, sums?.rateIn], [4000, 300]);
		assert.equal(store.getSnapshot().closesCounted, 2);
		store.stop();
		assert.equal(fake.running(), false, 'stopped with the store');
	});

	it('no close watch: no final counters, nothing else changes', async () => {
		const clock = new FakeClock();
		const store = createTrafficStore({
			source: scriptedTraffic([[conn(7, 1000, 0)]]),
			sockets: socketTable(records).store,
			intervalMs: 1000,
			clock,
		});
		store.start();
		await clock.advance(0);
		assert.equal(store.finalBytes(records[0]!), null);
		assert.equal(store.getSnapshot().closesCounted, 0);
		store.stop();
	});
});

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {setImmediate as nextTurn} from 'node:timers/promises';
import {composeDashboard} from '../../source/main/compose-dashboard.js';
import type {SocketRecord} from '../../source/model/socket-record.js';
import type {TrafficSource} from '../../source/sources/traffic/traffic-source.js';
import {inThreadFeed} from '../../source/store/delta-feed.js';
import {testDashboardOptions} from '../helpers/dashboard-options.js';
import {FakeSource} from '../helpers/fake-source.js';
import {serverListeners} from '../helpers/records.js';

async function turns(count: number): Promise<void> {
	for (let i = 0; i < count; i++) await nextTurn();
}

test('the rates are first read after the first socket data is published, not at start', async (t) => {
	let release: (records: SocketRecord[]) => void = () => {};
	const delayed = new Promise<SocketRecord[]>((resolve) => {
		release = resolve;
	});
	let trafficReads = 0;
	const trafficSource: TrafficSource = {
		read: (signal) => {
			trafficReads++;
			return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
		},
	};
	const composed = await composeDashboard(
		testDashboardOptions(inThreadFeed(new FakeSource([{delayed}])), {trafficSource}),
	);
	t.after(() => composed.stop());
	composed.start();
	await turns(20);
	assert.equal(trafficReads, 0, 'no rates read while the first socket read is pending');
	assert.equal(composed.deps.store.getSnapshot().lastGoodAt, null);
	release(Object.values(serverListeners) as SocketRecord[]);
	for (let i = 0; i < 200 && composed.deps.store.getSnapshot().lastGoodAt === null; i++) await nextTurn();
	assert.notEqual(composed.deps.store.getSnapshot().lastGoodAt, null);
	await turns(20);
	assert.equal(trafficReads, 0, 'no rates read before the frame that draws the first data');
	composed.onFrame(); // the screen rendered a frame, with the data now
	for (let i = 0; i < 200 && trafficReads === 0; i++) await nextTurn();
	assert.equal(trafficReads, 1, 'the rates start once the first data is drawn');
});

test('stopped before the first data: the rates never start', async () => {
	let trafficReads = 0;
	const composed = await composeDashboard(
		testDashboardOptions(inThreadFeed(new FakeSource([{delayed: new Promise<SocketRecord[]>(() => {})}])), {
			trafficSource: {
				read: () => {
					trafficReads++;
					return new Promise(() => {});
				},
			},
		}),
	);
	composed.start();
	await turns(5);
	composed.stop();
	await turns(20);
	assert.equal(trafficReads, 0);
});

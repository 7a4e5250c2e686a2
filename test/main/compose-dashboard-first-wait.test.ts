import assert from 'node:assert/strict';
import {test} from 'node:test';
import {setImmediate as nextTurn} from 'node:timers/promises';
import {
	composeDashboard,
	FIRST_DATA_WAIT_MS,
	HERE_FIRST_DATA_WAIT_MS,
} from '../../source/main/compose-dashboard.js';
import type {SocketRecord} from '../../source/model/socket-record.js';
import {inThreadFeed} from '../../source/store/delta-feed.js';
import {testDashboardOptions} from '../helpers/dashboard-options.js';
import {FakeSource} from '../helpers/fake-source.js';

// How long the screen waits for the first data before it mounts with a loading frame: a first
// read on this thread is waited for longer (compose-dashboard.ts says why). Timers are mocked:
// the test checks which bound applies, not how fast anything is.

async function settled(promise: Promise<unknown>): Promise<boolean> {
	let done = false;
	void promise.then(() => {
		done = true;
	});
	for (let i = 0; i < 5; i++) await nextTurn();
	return done;
}

for (const firstReadHere of [false, true]) {
	test(`the mount waits ${firstReadHere ? 'longer for a first read on this thread' : 'briefly for a worker'}`, async (t) => {
		t.mock.timers.enable({apis: ['setTimeout']});
		const composed = await composeDashboard(
			testDashboardOptions(inThreadFeed(new FakeSource([{delayed: new Promise<SocketRecord[]>(() => {})}])), {
				firstReadHere,
			}),
		);
		t.after(() => composed.stop());
		composed.start();
		const waiting = composed.firstData();
		assert.equal(await settled(waiting), false, 'no data yet, no bound reached');
		t.mock.timers.tick(FIRST_DATA_WAIT_MS);
		assert.equal(await settled(waiting), !firstReadHere);
		t.mock.timers.tick(HERE_FIRST_DATA_WAIT_MS - FIRST_DATA_WAIT_MS);
		assert.equal(await settled(waiting), true, 'a read that never ends still gets the loading frame');
		assert.equal(await waiting, false, 'resolved by the bound, not by data');
	});
}

// The other namespaces' own addresses (for scan targets) reach the snapshot, and a change of
// them alone publishes a new snapshot (the sockets may be the very same).
import assert from 'node:assert/strict';
import {it} from 'node:test';
import type {NetnsAddresses} from '../../source/model/netns-addresses.js';
import type {SourceResult} from '../../source/model/socket-record.js';
import type {SocketSource} from '../../source/sources/source.js';
import {createPollStore} from '../../source/store/poll-store.js';
import {FakeClock, flush} from '../helpers/fake-clock.js';
import {storeSamples} from '../helpers/records.js';

it('netnsAddresses go from the source result to the snapshot, and a change of them alone is published', async () => {
	const first: NetnsAddresses[] = [{netns: 4026532999, ipv4: ['127.0.0.1', '172.17.0.2'], ipv6: ['::1']}];
	const second: NetnsAddresses[] = [{netns: 4026532999, ipv4: ['127.0.0.1', '172.17.0.3'], ipv6: ['::1']}];
	const results = [first, first, second];
	let reads = 0;
	const source: SocketSource = {
		name: 'procfs',
		async read(): Promise<SourceResult> {
			const netnsAddresses = results[Math.min(reads++, results.length - 1)]!;
			return {records: [storeSamples.web], unattributed: 0, skippedLines: 0, warnings: [], netnsAddresses};
		},
	};
	const clock = new FakeClock();
	const store = createPollStore({source, intervalMs: 1000, clock, highlightMs: 5000});
	store.start();
	await flush();
	const one = store.getSnapshot();
	assert.deepEqual(one.netnsAddresses, first);
	await clock.advance(1000);
	assert.equal(store.getSnapshot(), one, 'same addresses, same sockets: same snapshot');
	await clock.advance(1000);
	assert.equal(reads, 3);
	assert.deepEqual(store.getSnapshot().netnsAddresses, second);
	assert.notEqual(store.getSnapshot().version, one.version);
	store.stop();
});

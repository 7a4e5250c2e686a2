// The detail view's traffic line says the true cause when there are no rates: switched off,
// another platform, UDP only, another network namespace, another host.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Row} from '../../../source/store/snapshot.js';
import {processTrafficLines} from '../../../source/ui/model/traffic-detail.js';
import {rec} from '../../helpers/records.js';
import {trafficSnapshotOf} from '../../helpers/snapshots.js';

const row = (record: ReturnType<typeof rec>): Row => ({
	key: String(record.inode),
	record,
	firstSeen: 0,
	seenAtStart: true,
	status: 'open',
	since: 0,
});
const traffic = trafficSnapshotOf;
const tcp = rec({remoteAddress: '127.0.0.1', remotePort: 80, state: 'ESTABLISHED', inode: 7, pid: 5});
const line = (rows: Row[], snapshot = traffic()) => processTrafficLines(5, rows, snapshot, 100)[0] ?? '';

describe('detail view: why a process has no rates', () => {
	it('switched off', () => {
		assert.equal(
			line([row(tcp)], traffic({status: 'off', offReason: 'SOCKTOP_RATES=off'})),
			'traffic: rates off (SOCKTOP_RATES=off)',
		);
	});
	it('another platform', () => {
		assert.match(line([row(tcp)], traffic({status: 'unsupported'})), /Linux only/);
	});
	it('UDP only', () => {
		assert.match(line([row(rec({...tcp, proto: 'udp'}))]), /UDP has no per-socket counters/);
	});
	it('connections in another network namespace: not "not read yet"', () => {
		const text = line([row(rec({...tcp, netns: 4026532600, container: 'docker:web'}))]);
		assert.match(text, /another network namespace/);
		assert.doesNotMatch(text, /not read yet/);
	});
	it('another host', () => {
		const text = line([row(rec({...tcp, host: 'web1'}))]);
		assert.match(text, /another host/);
		assert.doesNotMatch(text, /not read yet/);
	});
});

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {countRows} from '../../../source/ui/model/pane-data.js';
import {rec} from '../../helpers/records.js';
import {rowOf, snapshotOf} from '../../helpers/snapshots.js';

describe('header counts', () => {
	const here = rec({localPort: 22, pid: 1, process: 'sshd'});
	const there = rec({localPort: 80, pid: 2, process: 'nginx', netns: 4026532201, container: 'docker:3f2a'});
	const snapshot = snapshotOf([rowOf(here), rowOf(there)]);

	it('counts namespaces among the rows the filter shows (the CONTAINER column follows it)', () => {
		assert.equal(countRows(snapshot).namespaces, 2);
		const hostOnly = countRows(snapshot, (record) => record.netns === null, true);
		assert.equal(hostOnly.namespaces, 1);
		assert.deepEqual(hostOnly.matching, {listening: 1, established: 0, other: 0});
		assert.equal(hostOnly.listening, 2, 'the totals stay totals');
	});
});

// ReadHints.order: the procfs source sorts its entries before the owner lookup, so `--once`'s
// sort after the read finds them in order (docs/cold-read.md, fifth pass). The records must be
// the very ones of a read without the hint, in sortForListing's order (ties kept in table
// order: the sort is stable).
import assert from 'node:assert/strict';
import {after, test} from 'node:test';
import {sortForListing} from '../../../source/cli/sort-records.js';
import {compareForListing} from '../../../source/model/listing-order.js';
import {createProcfsSource} from '../../../source/sources/procfs/procfs-source.js';
import {createFakeProc, type FakeProc, netText} from './fake-proc.js';

const fakes: FakeProc[] = [];
after(() => Promise.all(fakes.map((fake) => fake.remove())));

test('with an order hint the records come back in that order, the same records as without', async () => {
	const fake = await createFakeProc([
		{pid: 10, comm: 'a', fds: {3: 'socket:[9001]', 4: 'socket:[9004]'}},
		{pid: 11, comm: 'b', fds: {3: 'socket:[9002]', 4: 'socket:[9003]', 5: 'socket:[9005]'}},
	]);
	fakes.push(fake);
	await fake.writeNet(
		'tcp',
		netText([
			{port: 9000, inode: 9001, state: '01'},
			{port: 22, inode: 9002},
			{port: 80, inode: 0, state: '06'},
			{port: 80, inode: 9003, state: '01'},
			{port: 80, inode: 9004},
		]),
	);
	await fake.writeNet('udp', netText([{port: 53, inode: 9005, state: '07'}]));
	const options = {root: fake.root, euid: 0, netnsFs: null, oneShot: true} as const;
	const plain = await createProcfsSource(options).read(new AbortController().signal);
	const ordered = await createProcfsSource(options).read(new AbortController().signal, {
		order: compareForListing,
	});
	const key = (r: (typeof plain.records)[number]) => `${r.proto} ${r.localPort} ${r.state} ${r.inode}`;
	assert.notDeepEqual(
		plain.records.map(key),
		sortForListing(plain.records).map(key),
		'the table is not in order',
	);
	assert.deepEqual(ordered.records.map(key), sortForListing(plain.records).map(key));
	// --once trusts this and does not sort again (run-once-ordered.test.ts).
	assert.equal(ordered.orderedBy, compareForListing);
	assert.equal(plain.orderedBy, undefined);
	assert.deepStrictEqual(sortForListing(ordered.records), sortForListing(plain.records));
	assert.deepEqual(ordered.records.map(key), [
		'tcp 22 LISTEN 9002',
		'tcp 80 LISTEN 9004',
		'udp 53 UNCONN 9005',
		'tcp 80 ESTABLISHED 9003',
		'tcp 9000 ESTABLISHED 9001',
		'tcp 80 TIME_WAIT null',
	]);
});

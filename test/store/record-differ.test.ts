import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import type {SourceResult} from '../../source/model/socket-record.js';
import {keyRecords, RecordDiffer} from '../../source/store/record-differ.js';
import {fingerprint} from '../../source/store/row-key.js';
import {rec, storeSamples} from '../helpers/records.js';

const result = (records: SourceResult['records'], unattributed = 0): SourceResult => ({
	records,
	unattributed,
	skippedLines: 0,
	warnings: [],
});

const {web, ssh, conn} = storeSamples;

describe('record differ', () => {
	it('the committed result given again (a source that saw nothing change) is an empty delta, not read again', async () => {
		const differ = new RecordDiffer();
		const plain = result([web, ssh], 2);
		let reads = 0;
		const counted: SourceResult = {
			...plain,
			get records() {
				reads++;
				return plain.records;
			},
		};
		const first = await differ.diff(counted);
		assert.equal(first.delta.full, true);
		const unapplied = await differ.diff(counted);
		assert.equal(unapplied.delta.full, true, 'not committed yet: still the whole table');
		unapplied.commit();
		const readsBefore = reads;
		const again = await differ.diff(counted);
		assert.deepEqual(again.delta, {
			full: false,
			upserts: [],
			removed: [],
			unattributed: 2,
			unattributedCause: null,
			skippedLines: 0,
			warnings: [],
		});
		assert.equal(reads, readsBefore);
		const equal = await differ.diff(result([web, ssh], 2)); // equal, not the same object: diffed
		assert.deepEqual([equal.delta.upserts.length, equal.delta.removed.length], [0, 0]);
	});

	it('gives a full delta first, then only what changed', async () => {
		const differ = new RecordDiffer();
		const first = await differ.diff(result([web, ssh]));
		assert.equal(first.delta.full, true);
		assert.deepEqual(
			first.delta.upserts.map(([, record]) => record),
			[web, ssh],
		);
		first.commit();

		const closing = {...conn, state: 'CLOSE_WAIT' as const};
		const second = await differ.diff(result([ssh, conn], 3));
		assert.equal(second.delta.full, false);
		assert.deepEqual(
			second.delta.upserts.map(([, record]) => record),
			[conn],
		);
		assert.equal(second.delta.removed.length, 1);
		assert.equal(second.delta.unattributed, 3);
		second.commit();

		const third = await differ.diff(result([ssh, closing]));
		assert.deepEqual(third.delta.upserts, [[second.delta.upserts[0]![0], closing]], 'same key, new state');
		assert.deepEqual(third.delta.removed, []);
	});

	it('takes a delta that was never committed against the same base again', async () => {
		const differ = new RecordDiffer();
		(await differ.diff(result([web]))).commit();
		const dropped = await differ.diff(result([web, ssh]));
		assert.equal(dropped.delta.upserts.length, 1);
		// Not committed (its poll timed out): the next delta still has ssh as new.
		const next = await differ.diff(result([web, ssh, conn]));
		assert.deepEqual(
			next.delta.upserts.map(([, record]) => record),
			[ssh, conn],
		);
	});

	it('after reset the next delta is full', async () => {
		const differ = new RecordDiffer();
		(await differ.diff(result([web]))).commit();
		differ.reset();
		const next = await differ.diff(result([web]));
		assert.equal(next.delta.full, true);
		assert.equal(next.delta.upserts.length, 1);
	});

	it('pauses between slices of a big table and still gets every record', async () => {
		const records = Array.from({length: 12_000}, (_, i) =>
			rec({
				localPort: 1 + (i % 60_000),
				remoteAddress: '10.0.0.1',
				remotePort: 1000 + i,
				state: 'ESTABLISHED',
			}),
		);
		let pauses = 0;
		const pending = await new RecordDiffer().diff(result(records), async () => {
			pauses++;
		});
		assert.equal(pending.delta.upserts.length, 12_000);
		assert.ok(pauses >= 4, `paused ${pauses} times`);
	});

	it('keys sockets with the same endpoints #2, #3 in inode order', async () => {
		const twin = (inode: number) => rec({localPort: 443, inode, pid: inode, process: 'worker'});
		const keyed = await keyRecords([twin(30), twin(10), twin(20)]);
		assert.deepEqual(
			[...keyed.entries()].map(([key, record]) => [key.replace(/^.*\|/, ''), record.inode]),
			[
				['*', 10],
				['*#2', 20],
				['*#3', 30],
			],
		);
	});

	it('deltas applied one after another always rebuild the table (property)', async () => {
		// Tables drawn from a small pool so sockets come, go, come back and change state.
		const pool = Array.from({length: 12}, (_, i) => i);
		const states = ['ESTABLISHED', 'CLOSE_WAIT', 'TIME_WAIT'] as const;
		const table = fc.array(fc.tuple(fc.constantFrom(...pool), fc.constantFrom(...states), fc.boolean()), {
			maxLength: 12,
		});
		await fc.assert(
			fc.asyncProperty(fc.array(table, {minLength: 1, maxLength: 8}), async (tables) => {
				const differ = new RecordDiffer();
				const mirror = new Map<string, string>();
				for (const rows of tables) {
					const records = rows.map(([port, state, twin]) =>
						rec({
							localPort: 1000 + port,
							remoteAddress: '10.0.0.1',
							remotePort: 9,
							state,
							inode: twin ? 2 : 1,
						}),
					);
					const {delta, commit} = await differ.diff(result(records));
					if (delta.full) mirror.clear();
					for (const key of delta.removed) mirror.delete(key);
					for (const [key, record] of delta.upserts) mirror.set(key, fingerprint(record));
					commit();
					const expected = await keyRecords(records);
					assert.deepEqual(new Map([...expected].map(([key, record]) => [key, fingerprint(record)])), mirror);
				}
			}),
			{numRuns: 200},
		);
	});

	it('an unchanged socket keeps the base record: the equal copy of a new read is dropped from the base and the result', async () => {
		const differ = new RecordDiffer();
		(await differ.diff(result([web, ssh]))).commit();
		// The next read: equal copies (new objects, as a source parses them), ssh's owner changed.
		const webAgain = rec({localPort: 80, pid: 10, process: 'nginx'});
		const sshMoved = rec({localPort: 22, pid: 99, process: 'sshd'});
		const next = result([webAgain, sshMoved]);
		const pending = await differ.diff(next);
		assert.deepEqual(
			pending.delta.upserts.map(([, record]) => record),
			[sshMoved],
			'only the changed one is an upsert',
		);
		assert.equal(next.records[0], webAgain, 'nothing replaced before the commit');
		pending.commit();
		assert.equal(next.records[0], web, 'the base record (the one the store row holds)');
		assert.equal(next.records[1], sshMoved, 'a changed record stays the new one');
		// The base now holds web: a later read that changes it is compared with it.
		const webClosed = rec({localPort: 80, pid: 10, process: 'nginx', state: 'CLOSE_WAIT'});
		const third = await differ.diff(result([webClosed, sshMoved]));
		assert.deepEqual(
			third.delta.upserts.map(([, record]) => record),
			[webClosed],
		);
	});

	it('a frozen records array is left as it is', async () => {
		const differ = new RecordDiffer();
		(await differ.diff(result([web]))).commit();
		const copy = rec({localPort: 80, pid: 10, process: 'nginx'});
		const frozen = result(Object.freeze([copy]));
		const pending = await differ.diff(frozen);
		assert.deepEqual(pending.delta.upserts, []);
		pending.commit();
		assert.equal(frozen.records[0], copy);
	});
});

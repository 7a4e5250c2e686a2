import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {internDelta, StringPool} from '../../source/store/intern-strings.js';
import type {RecordDelta} from '../../source/store/record-differ.js';
import {loopbackConnections, rec} from '../helpers/records.js';

const deltaOf = (records: ReturnType<typeof rec>[]): RecordDelta => ({
	full: true,
	upserts: records.map((record, i) => [`k${i}`, record] as const),
	removed: [],
	unattributed: 0,
	unattributedCause: null,
	skippedLines: 0,
	warnings: [],
});

describe('interned record texts', () => {
	it('a delta cloned as a worker sends it keeps every value, with one pooled copy per distinct text', () => {
		const records = [
			...loopbackConnections(50),
			rec({localPort: 22, pid: 7, process: 'sshd', user: 'root', uid: 0, inode: 9}),
			rec({proto: 'udp', family: 6, localAddress: '::', localPort: 53, state: 'UNCONN', user: 'root'}),
		];
		const original = deltaOf(records);
		const received = structuredClone(original) as RecordDelta;
		const pool = new StringPool();
		internDelta(received, pool);
		assert.deepEqual(received, original);
		const texts = new Set<string>();
		for (const [, r] of original.upserts) {
			for (const text of [
				r.proto,
				r.localAddress,
				r.remoteAddress,
				r.state,
				r.process,
				r.user,
				r.host,
				r.container,
			])
				if (text !== null) texts.add(text);
			for (const owner of r.owners) texts.add(owner.process);
		}
		assert.equal(pool.size, texts.size);
	});

	it('forgets its texts once full, so a churn of distinct addresses cannot grow it without bound', () => {
		const pool = new StringPool();
		for (let i = 0; i < StringPool.MAX_ENTRIES; i++) pool.intern(`10.0.${i >> 8}.${i & 255}`);
		assert.equal(pool.size, StringPool.MAX_ENTRIES);
		assert.equal(pool.intern('one more'), 'one more');
		assert.equal(pool.size, 1);
		assert.equal(pool.intern(null), null);
	});
});

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {makeRecord, type SocketRecord} from '../../source/model/socket-record.js';
import {baseKey, fingerprint, sameFacts} from '../../source/store/row-key.js';

// Records drawn from small pools, so two draws often agree on some fields and differ on others.
const record: fc.Arbitrary<SocketRecord> = fc
	.record({
		state: fc.constantFrom('LISTEN', 'ESTABLISHED', 'CLOSE_WAIT'),
		owners: fc.array(fc.record({pid: fc.constantFrom(1, 2), process: fc.constantFrom('a', 'b', '1/a')}), {
			maxLength: 2,
		}),
		uid: fc.constantFrom(null, 0, 1),
		user: fc.constantFrom(null, 'root', ''),
		inode: fc.constantFrom(null, 5, 6),
		container: fc.constantFrom(null, 'docker:1', ''),
		remoteAddress: fc.constantFrom(null, '10.0.0.1'),
	})
	.map((fields) =>
		makeRecord({
			proto: 'tcp',
			family: 4,
			localAddress: '127.0.0.1',
			localPort: 80,
			remotePort: fields.remoteAddress === null ? null : 9,
			...fields,
		}),
	);

describe('row keys', () => {
	it('sameFacts agrees with comparing fingerprints (property)', () => {
		fc.assert(
			fc.property(record, record, (a, b) => {
				// Equal facts always print alike; unequal facts print alike only where the
				// fingerprint's text is ambiguous (null and '' both print as nothing, a '/' in a
				// process name), which sameFacts tells apart.
				if (sameFacts(a, b)) assert.equal(fingerprint(a), fingerprint(b));
				const plain = (r: SocketRecord) =>
					r.user !== '' && r.container !== '' && r.owners.every((o) => !o.process.includes('/'));
				if (plain(a) && plain(b)) assert.equal(sameFacts(a, b), fingerprint(a) === fingerprint(b));
				assert.equal(sameFacts(a, a), true);
			}),
			{numRuns: 2000},
		);
	});

	it('a key is the endpoints, joined as before', () => {
		const listener = makeRecord({
			proto: 'udp',
			family: 6,
			localAddress: '::',
			localPort: 53,
			remoteAddress: null,
			remotePort: null,
			state: 'UNCONN',
		});
		assert.equal(baseKey(listener), 'udp6|::|53|*|*');
		const elsewhere = makeRecord({...listener, host: 'web1', netns: 4026531840});
		assert.equal(baseKey(elsewhere), 'web1/4026531840|udp6|::|53|*|*');
	});
});

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {sortForListing} from '../../source/cli/sort-records.js';
import {compareAddresses} from '../../source/model/address-order.js';
import {ipv6GroupsToText} from '../../source/model/ipv6-text.js';
import type {Row} from '../../source/store/snapshot.js';
import {ESTABLISHED_COLUMNS, LISTENING_COLUMNS} from '../../source/ui/model/columns.js';
import type {CellContext} from '../../source/ui/model/view-row.js';
import {rec} from '../helpers/records.js';

const sign = (n: number) => Math.sign(n);
const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
const v4Text = (parts: number[]) => parts.join('.');
const v4Value = (parts: number[]) => parts.reduce((acc, part) => acc * 256 + part, 0);
const v6 = fc.array(fc.nat(0xffff), {minLength: 8, maxLength: 8});
const v6Value = (groups: number[]) => groups.reduce((acc, group) => (acc << 16n) | BigInt(group), 0n);

describe('address order', () => {
	it('sorts by value, not text, IPv4 before IPv6, names and * last', () => {
		const sorted = [
			'::10',
			'*',
			'127.0.0.10',
			'::2',
			'10.0.0.1',
			'127.0.0.5',
			'fe80::1%eth0',
			'::ffff:127.0.0.1',
			'0.0.0.0',
			'::',
		].sort(compareAddresses);
		assert.deepEqual(sorted, [
			'0.0.0.0',
			'10.0.0.1',
			'127.0.0.5',
			'127.0.0.10',
			'::',
			'::2',
			'::10',
			'::ffff:127.0.0.1',
			'fe80::1%eth0',
			'*',
		]);
		assert.equal(compareAddresses(null, '::1') < 0, true, 'no address first');
	});

	it('agrees with numeric order for any two IPv4 addresses (property)', () => {
		fc.assert(
			fc.property(v4, v4, (a, b) =>
				assert.equal(sign(compareAddresses(v4Text(a), v4Text(b))), sign(v4Value(a) - v4Value(b))),
			),
		);
	});

	it('agrees with numeric order for any two IPv6 addresses, in any spelling (property)', () => {
		fc.assert(
			fc.property(v6, v6, fc.boolean(), (a, b, upper) => {
				const textA = ipv6GroupsToText(a);
				const textB = upper
					? ipv6GroupsToText(b).toUpperCase()
					: b.map((g) => g.toString(16).padStart(4, '0')).join(':');
				const want = v6Value(a) < v6Value(b) ? -1 : v6Value(a) > v6Value(b) ? 1 : 0;
				assert.equal(sign(compareAddresses(textA, textB)), want);
			}),
		);
	});

	it('--once lists 127.0.0.5 before 127.0.0.10 on the same port, and remote ports numerically', () => {
		const records = [
			rec({localAddress: '127.0.0.10', localPort: 80}),
			rec({localAddress: '127.0.0.5', localPort: 80}),
			rec({
				localAddress: '127.0.0.1',
				localPort: 80,
				state: 'ESTABLISHED',
				remoteAddress: '127.0.0.1',
				remotePort: 48748,
			}),
			rec({
				localAddress: '127.0.0.1',
				localPort: 80,
				state: 'ESTABLISHED',
				remoteAddress: '127.0.0.1',
				remotePort: 9000,
			}),
		];
		assert.deepEqual(
			sortForListing(records).map((r) => `${r.localAddress} ${r.remotePort}`),
			['127.0.0.5 null', '127.0.0.10 null', '127.0.0.1 9000', '127.0.0.1 48748'],
		);
	});

	it('the dashboard sorts addresses and remote ends numerically', () => {
		const row = (record: ReturnType<typeof rec>) => ({record, firstSeen: 0}) as unknown as Row;
		const context = {hostName: () => null} as unknown as CellContext;
		const address = LISTENING_COLUMNS.find((c) => c.id === 'address')!;
		const listeners = ['127.0.0.10', '127.0.0.5', '127.0.0.9'].map((a) => row(rec({localAddress: a})));
		assert.deepEqual(
			[...listeners].sort((a, b) => address.compare(a, b, context)).map((r) => r.record.localAddress),
			['127.0.0.5', '127.0.0.9', '127.0.0.10'],
		);
		const remote = ESTABLISHED_COLUMNS.find((c) => c.id === 'remote')!;
		const peers = [48748, 9000].map((port) =>
			row(rec({state: 'ESTABLISHED', remoteAddress: '127.0.0.1', remotePort: port})),
		);
		assert.deepEqual(
			[...peers].sort((a, b) => remote.compare(a, b, context)).map((r) => r.record.remotePort),
			[9000, 48748],
		);
	});
});

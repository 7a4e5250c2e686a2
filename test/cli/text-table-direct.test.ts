// The piped `--once` table written straight from the records (text-table-direct.ts) must be
// formatTextTable's text byte for byte, and step aside (null) for what it does not handle.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {formatTextTable} from '../../source/cli/text-table.js';
import {directTableBytes} from '../../source/cli/text-table-direct.js';
import type {SocketRecord} from '../../source/model/socket-record.js';
import {rec} from '../helpers/records.js';

/** Cells as text-table.ts's ownerCells makes them for ASCII names. */
const cellsOf = {
	ofOwners: (record: SocketRecord): readonly [string, string] => [
		record.pid === null ? '-' : String(record.pid),
		record.process === null
			? '-'
			: record.owners.length > 1
				? `${record.process} (+${record.owners.length - 1})`
				: record.process,
	],
	ofUser: (record: SocketRecord): string =>
		record.user !== null ? record.user : record.uid === null ? '-' : String(record.uid),
};

function written(records: readonly SocketRecord[], pieceBytes = 64 * 1024): Buffer | null {
	const pieces = directTableBytes(records, cellsOf, pieceBytes);
	return pieces === null ? null : Buffer.concat([...pieces].map((piece) => Buffer.from(piece)));
}

const ascii = fc.string({unit: fc.constantFrom(...'abcxyz-_ .:'.split('')), maxLength: 20});
const address = fc.oneof(
	fc.constantFrom(
		'127.0.0.1',
		'0.0.0.0',
		'10.1.2.3',
		'::',
		'::1',
		'fe80::1',
		'2001:db8::42',
		'::ffff:127.0.0.1',
	),
	fc.ipV4(),
	fc.ipV6(),
);

describe('--once table written straight from the records', () => {
	it('is formatTextTable and a newline, in pieces that each end a line (property)', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(
					fc.record({
						proto: fc.constantFrom('tcp' as const, 'udp' as const),
						family: fc.constantFrom(4 as const, 6 as const),
						local: address,
						port: fc.integer({min: 0, max: 65_535}),
						remote: fc.option(fc.tuple(address, fc.option(fc.integer({min: 0, max: 65_535})))),
						state: fc.constantFrom(
							'LISTEN' as const,
							'ESTABLISHED' as const,
							'TIME_WAIT' as const,
							'UNCONN' as const,
						),
						owners: fc.array(fc.record({pid: fc.integer({min: 1, max: 4_000_000}), process: ascii}), {
							maxLength: 3,
						}),
						user: fc.option(ascii),
						uid: fc.option(fc.integer({min: 0, max: 70_000})),
						netns: fc.option(fc.integer({min: 4026531840, max: 4026531843})),
						container: fc.option(fc.oneof(ascii, fc.constantFrom('docker:3f2a', 'netns:ho-a'))),
					}),
					{maxLength: 40},
				),
				fc.integer({min: 1, max: 300}),
				async (rows, pieceBytes) => {
					const records = rows.map((row) =>
						rec({
							proto: row.proto,
							family: row.family,
							localAddress: row.local,
							localPort: row.port,
							remoteAddress: row.remote?.[0] ?? null,
							remotePort: row.remote?.[1] ?? null,
							state: row.state,
							owners: row.owners,
							user: row.user,
							uid: row.uid,
							netns: row.netns,
							container: row.container,
						}),
					);
					const pieces = directTableBytes(records, cellsOf, pieceBytes);
					assert.ok(pieces !== null, 'one host, ASCII: written here');
					const all = [...pieces].map((piece) => Buffer.from(piece));
					const want = `${await formatTextTable(records)}\n`;
					assert.equal(Buffer.concat(all).toString('latin1'), want);
					for (const piece of all) assert.equal(piece.at(-1), 10, 'a piece ends a line');
				},
			),
			{numRuns: 200},
		);
	});

	it('trims trailing spaces of the last cells as trimEnd does', async () => {
		const records = [
			rec({localPort: 1, pid: 1, process: 'a', user: 'bob  '}),
			rec({localPort: 2, pid: 2, process: 'long name ', user: ''}),
			rec({localPort: 3, pid: 3, process: ' ', user: ' '}),
		];
		assert.equal(written(records)?.toString('latin1'), `${await formatTextTable(records)}\n`);
	});

	it('writes only the header line for no records', async () => {
		assert.equal(written([])?.toString('latin1'), `${await formatTextTable([])}\n`);
	});

	it('adds the CONTAINER column with more than one namespace', async () => {
		const records = [
			rec({localPort: 1, pid: 1, process: 'a', user: 'root'}),
			rec({localPort: 2, netns: 4026532000, container: 'netns:ho-a'}),
			rec({localPort: 3, netns: 4026532001, user: 'bob '}),
		];
		const text = written(records)?.toString('latin1');
		assert.equal(text, `${await formatTextTable(records)}\n`);
		assert.match(text ?? '', /CONTAINER\n/);
	});

	it('steps aside for a second host, an interface scope, or a name that is not printable ASCII', () => {
		const plain = rec({localPort: 1, pid: 1, process: 'a'});
		assert.equal(written([plain, rec({localPort: 2, netns: 4026532000, container: 'docker:é'})]), null);
		assert.equal(written([plain, rec({localPort: 2, host: 'db1'})]), null);
		assert.equal(written([rec({family: 6, localAddress: 'fe80::1%eth0', localPort: 2})]), null);
		assert.equal(
			written([
				rec({
					family: 6,
					localAddress: '::',
					remoteAddress: 'fe80::2%eth0',
					remotePort: 5,
					state: 'ESTABLISHED',
				}),
			]),
			null,
		);
		assert.equal(written([rec({localPort: 2, pid: 2, process: 'naïve'})]), null);
		assert.equal(written([rec({localPort: 2, pid: 2, process: 'esc\x1b[2J'})]), null);
		assert.equal(written([rec({localPort: 2, user: 'usé'})]), null);
	});
});

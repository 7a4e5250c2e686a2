// SourceResult.orderedBy: records a source already put in the listing order (ReadHints.order,
// the procfs source) are printed as they come, not sorted again at `--once`'s serial end
// (docs/cold-read.md, seventh pass); any other result is sorted as before, filtered or not.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {runOnce} from '../../source/cli/run-once.js';
import {compareForListing, type ListingKey} from '../../source/model/listing-order.js';
import type {SocketRecord, SourceResult} from '../../source/model/socket-record.js';
import type {ReadHints, SocketSource} from '../../source/sources/source.js';
import {capture} from '../helpers/capture.js';
import {rec} from '../helpers/records.js';

// Out of the listing order on purpose: the established socket before the listener.
const records = [
	rec({
		localPort: 5000,
		remoteAddress: '127.0.0.1',
		remotePort: 80,
		state: 'ESTABLISHED',
		pid: 7,
		process: 'b',
	}),
	rec({localPort: 80, pid: 1, process: 'a'}),
	rec({proto: 'udp', localPort: 53, state: 'UNCONN'}),
];

function sourceOf(extra: Partial<SourceResult>): SocketSource & {hints: (ReadHints | undefined)[]} {
	const hints: (ReadHints | undefined)[] = [];
	return {
		name: 'procfs',
		hints,
		async read(_signal, hint) {
			hints.push(hint);
			return {records, unattributed: 0, skippedLines: 0, warnings: [], ...extra};
		},
	};
}

async function ports(source: SocketSource, filter = ''): Promise<number[]> {
	const out = capture();
	const err = capture();
	const code = await runOnce(
		source,
		{json: true, filter, timeoutMs: 1000},
		{stdout: out.stream, stderr: err.stream},
	);
	assert.equal(code, 0, err.text());
	return out.lines().map((line) => (JSON.parse(line) as SocketRecord).localPort);
}

test('records without orderedBy are sorted into the listing order', async () => {
	const source = sourceOf({});
	assert.deepEqual(await ports(source), [80, 53, 5000]);
	assert.equal(source.hints[0]?.order, compareForListing, 'the order is asked for');
});

test('records the source says are in the listing order are printed as they come', async () => {
	assert.deepEqual(await ports(sourceOf({orderedBy: compareForListing})), [5000, 80, 53]);
	assert.deepEqual(await ports(sourceOf({orderedBy: compareForListing}), 'proto:tcp'), [5000, 80]);
});

test('another order than the listing one is not trusted', async () => {
	const other = (a: ListingKey, b: ListingKey) => b.localPort - a.localPort;
	assert.deepEqual(await ports(sourceOf({orderedBy: other})), [80, 53, 5000]);
	assert.deepEqual(await ports(sourceOf({}), 'proto:tcp'), [80, 5000]);
});

// The first tables handed to the plain first frame before the differ and the store's apply
// (first-tables.ts, issue 14): delivered once, at once; and the snapshot made from them draws
// the frame the store's first snapshot would have drawn, with the same row keys for the rows it sorts.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {SocketRecord, SourceResult} from '../../source/model/socket-record.js';
import {createServiceLookup} from '../../source/services/service-lookup.js';
import type {SocketSource} from '../../source/sources/source.js';
import {createFirstTables, provisionalSnapshot} from '../../source/store/first-tables.js';
import {createPollStore} from '../../source/store/poll-store.js';
import type {Snapshot} from '../../source/store/snapshot.js';
import {createWorkerFeed} from '../../source/store/worker-feed.js';
import {isListening} from '../../source/ui/model/view-row.js';
import {type PlainFrameProps, plainFrameLines} from '../../source/ui/plain-frame.js';
import {themeFor} from '../../source/ui/theme.js';
import {FakeClock, flush} from '../helpers/fake-clock.js';
import {rec, storeSamples} from '../helpers/records.js';
import {closedAfterTests, scriptedFeedSpec} from '../helpers/scripted-feed.js';

const tablesOnly = (records: readonly SocketRecord[]): SourceResult => ({
	records,
	unattributed: 0,
	unattributedCause: null,
	skippedLines: 2,
	warnings: ['a note'],
	ownersPending: true,
});

describe('first tables', () => {
	it('passes the first tables-only result on once, synchronously, and nothing else', () => {
		const tables = createFirstTables();
		const seen: SourceResult[] = [];
		tables.listen((result) => seen.push(result));
		const full = {...tablesOnly([]), ownersPending: false};
		tables.deliver(full);
		assert.equal(seen.length, 0, 'a read with owners is not the tables-only first read');
		const first = tablesOnly([storeSamples.web]);
		tables.deliver(first);
		assert.deepEqual(seen, [first], 'in the tick it was delivered');
		tables.deliver(tablesOnly([]));
		assert.deepEqual(seen, [first], 'once');
	});

	it('keeps a result delivered before anyone listens, and hands it over when they do', () => {
		const tables = createFirstTables();
		const first = tablesOnly([storeSamples.web]);
		tables.deliver(first);
		const seen: SourceResult[] = [];
		tables.listen((result) => seen.push(result));
		assert.deepEqual(seen, [first]);
	});

	it('a listener gone, or one that throws, costs the read nothing', () => {
		const tables = createFirstTables();
		const seen: SourceResult[] = [];
		tables.listen((result) => seen.push(result))();
		tables.deliver(tablesOnly([]));
		assert.equal(seen.length, 0);
		const throwing = createFirstTables();
		throwing.listen(() => {
			throw new Error('no terminal');
		});
		assert.doesNotThrow(() => throwing.deliver(tablesOnly([])));
	});

	it('closed: a result kept for no listener is dropped, and nothing is passed on after', () => {
		const tables = createFirstTables();
		tables.deliver(tablesOnly([storeSamples.web]));
		tables.close();
		const seen: SourceResult[] = [];
		tables.listen((result) => seen.push(result));
		tables.deliver(tablesOnly([storeSamples.ssh]));
		assert.equal(seen.length, 0);
	});

	it("the feed delivers a tables-only read made on this thread before it diffs it; not a worker's", async () => {
		const feeds = closedAfterTests();
		const spec = scriptedFeedSpec([
			{records: [storeSamples.web, storeSamples.conn]},
			{records: [storeSamples.web]},
		]);
		for (const mainThreadUpTo of [10, 0]) {
			const delivered: SourceResult[] = [];
			const feed = createWorkerFeed(spec, {mainThreadUpTo, onTablesRead: (result) => delivered.push(result)});
			feeds.push(feed);
			const first = await feed.read(new AbortController().signal, {ownersLater: true});
			if (mainThreadUpTo === 0) {
				assert.equal(delivered.length, 0, 'a worker read: nothing here to draw from before its delta');
				continue;
			}
			assert.equal(delivered.length, 1);
			assert.equal(delivered[0]!.ownersPending, true);
			assert.deepEqual(
				delivered[0]!.records.map((record) => record.localPort),
				first.delta.upserts.map(([, record]) => record.localPort),
				'the records the delta holds',
			);
			first.commit();
			await feed.read(new AbortController().signal);
			assert.equal(delivered.length, 1, 'a read with owners is not passed on');
		}
	});
});

// Listeners that share a base key (SO_REUSEPORT), a socket bound to the same endpoint that does
// not listen (it takes part in their `#2`, `#3` numbering), a listener in another namespace, UDP,
// a TIME_WAIT (no inode: no owner pending), connections to a listener's port, and more listeners
// than an 80×24 pane shows.
const records: SocketRecord[] = [
	rec({localAddress: '0.0.0.0', localPort: 8080, inode: 12}),
	rec({localAddress: '0.0.0.0', localPort: 8080, state: 'CLOSE', inode: 10}),
	rec({localAddress: '0.0.0.0', localPort: 8080, inode: 11}),
	rec({localAddress: '0.0.0.0', localPort: 8080, inode: 13, netns: 4026532001}),
	rec({proto: 'udp', localAddress: '0.0.0.0', localPort: 53, state: 'UNCONN', inode: 20}),
	rec({localPort: 41000, remoteAddress: '127.0.0.1', remotePort: 8080, state: 'TIME_WAIT'}),
	...Array.from({length: 30}, (_, i) =>
		rec({
			localPort: 8080,
			remoteAddress: '127.0.0.1',
			remotePort: 40000 + i,
			state: 'ESTABLISHED',
			inode: 100 + i,
		}),
	),
	...Array.from({length: 30}, (_, i) =>
		rec({
			localPort: 40000 + i,
			remoteAddress: '127.0.0.1',
			remotePort: 8080,
			state: 'ESTABLISHED',
			inode: 200 + i,
		}),
	),
	...Array.from({length: 25}, (_, i) =>
		rec({localAddress: '127.0.0.1', localPort: 31300 + 25 - i, inode: 300 + i}),
	),
];

describe('provisional snapshot of the first tables', () => {
	it("draws the plain frame the store's first snapshot draws, with the same keys for the listeners", async () => {
		const result = tablesOnly(records);
		const clock = new FakeClock();
		const source: SocketSource = {name: 'procfs', read: async () => result};
		const store = createPollStore({source, intervalMs: 2000, clock, tablesFirst: true});
		store.start();
		await flush();
		store.stop();
		const stored = store.getSnapshot();
		assert.equal(stored.lastGoodAt, clock.now(), 'the store applied the tables');
		const {snapshot: early, unrowed} = provisionalSnapshot(result, {
			source: 'procfs',
			now: clock.now(),
			keyed: isListening,
		});

		const keyOf = new Map(stored.rows.map((row) => [row.record, row.key]));
		const listening = early.rows.filter((row) => isListening(row.record));
		assert.equal(listening.length, 29);
		assert.equal(early.rows.length, 29, 'rows only for the listeners');
		assert.equal(unrowed.length, records.length - 29);
		assert.ok(unrowed.every((record) => !isListening(record)));
		for (const row of listening) assert.equal(row.key, keyOf.get(row.record), `${row.record.localPort}`);
		assert.ok(
			listening.some((row) => row.key.endsWith('#3')),
			'the bound socket that does not listen is numbered with the listeners',
		);

		const facts = (snapshot: typeof early) => {
			const {rows, version: _version, ...rest} = snapshot;
			return {
				rest,
				rows: rows
					.map((row) => ({...row, key: isListening(row.record) ? row.key : ''}))
					.sort(
						(a, b) =>
							(a.record.inode ?? 0) - (b.record.inode ?? 0) || a.record.localPort - b.record.localPort,
					),
			};
		};
		// The rows the frame counts without making them, as the store's would be.
		const made = {
			...early,
			rows: [
				...early.rows,
				...unrowed.map((record) => ({
					key: '',
					record,
					firstSeen: clock.now(),
					seenAtStart: true,
					status: 'open' as const,
					since: clock.now(),
					...(record.inode === null ? {} : {ownersPending: true}),
				})),
			],
		};
		assert.deepEqual(facts(made), facts(stored), 'the same rows and header facts (keys of listeners only)');

		const props = (
			snapshot: Snapshot,
			columns: number,
			rows: number,
			unrowedRecords?: readonly SocketRecord[],
			initialFilter = '',
		) => frameProps(snapshot, true, clock.now(), columns, rows, unrowedRecords, initialFilter);
		for (const [columns, rows] of [
			[80, 24],
			[160, 50],
		] as const) {
			const lines = plainFrameLines(props(early, columns, rows, unrowed));
			assert.match(lines[1]!, /listening 29 {2}established 60 {2}other 2/);
			assert.deepEqual(lines, plainFrameLines(props(stored, columns, rows)), `${columns}×${rows}`);
		}
		// With a filter the header counts what it lets through, and the panes' heights follow it.
		for (const filter of ['port:8080', 'proc:nginx', 'port:40003'])
			for (const [columns, rows] of [
				[80, 24],
				[160, 50],
			] as const) {
				const lines = plainFrameLines(props(early, columns, rows, unrowed, filter));
				assert.ok(lines.length > 0, filter);
				assert.deepEqual(
					lines,
					plainFrameLines(props(stored, columns, rows, undefined, filter)),
					`${filter} ${columns}×${rows}`,
				);
			}
	});

	it('no listeners: no rows made, every record handed back to be counted', () => {
		const others = records.filter((record) => !isListening(record));
		const {snapshot, unrowed} = provisionalSnapshot(tablesOnly(others), {
			source: 'procfs',
			now: 5,
			keyed: isListening,
		});
		assert.equal(snapshot.rows.length, 0);
		assert.deepEqual(unrowed, others);
	});
});

describe('the plain frame from the provisional snapshot and its unrowed records', () => {
	// Few connections under many listeners: the Listening pane takes the Established pane's
	// spare lines (layout.ts), so its height depends on the connections counted without rows.
	const few = [...records.filter((record) => isListening(record)), ...records.slice(5, 8)];
	for (const isRoot of [true, false])
		it(`draws what the store's first snapshot draws (${isRoot ? 'root' : 'not root'}, 80×24 and 160×50)`, async () => {
			const result = tablesOnly(few);
			const clock = new FakeClock();
			const store = createPollStore({
				source: {name: 'procfs', read: async () => result},
				intervalMs: 2000,
				clock,
				tablesFirst: true,
			});
			store.start();
			await flush();
			store.stop();
			const {snapshot, unrowed} = provisionalSnapshot(result, {
				source: 'procfs',
				now: clock.now(),
				keyed: isListening,
			});
			assert.equal(unrowed.length, 3);
			// The filter's answer for the connections counted without rows: `established 2 of 3`.
			for (const filter of ['', '!state:time_wait'])
				for (const [columns, rows] of [
					[80, 24],
					[160, 50],
				] as const) {
					const lines = plainFrameLines(frameProps(snapshot, isRoot, 5, columns, rows, unrowed, filter));
					assert.deepEqual(
						lines,
						plainFrameLines(frameProps(store.getSnapshot(), isRoot, 5, columns, rows, undefined, filter)),
						`${filter} ${columns}×${rows}`,
					);
					assert.notDeepEqual(
						lines,
						plainFrameLines(frameProps(snapshot, isRoot, 5, columns, rows, undefined, filter)),
						'the unrowed records count',
					);
				}
		});
});

/** The plain frame's props for SNAPSHOT (and the records it counts without rows) at a size. */
function frameProps(
	snapshot: Snapshot,
	isRoot: boolean,
	now: number,
	columns: number,
	rows: number,
	unrowed?: readonly SocketRecord[],
	initialFilter = '',
): PlainFrameProps {
	return {
		config: {
			hostname: 'testhost',
			sourceName: 'procfs',
			intervalMs: 2000,
			isRoot,
			initialFilter,
			theme: themeFor(false),
		},
		snapshot,
		...(unrowed ? {unrowed} : {}),
		scan: {phase: 'idle'} as PlainFrameProps['scan'],
		serviceName: createServiceLookup(),
		now,
		columns,
		rows,
	};
}

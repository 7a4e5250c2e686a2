// Sorting a snapshot from the previous one's order gives exactly what a full sort gives,
// whatever rows came, went or changed, for every column and direction.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import type {SocketState} from '../../../source/model/socket-record.js';
import type {Row, Snapshot} from '../../../source/store/snapshot.js';
import {COLUMNS} from '../../../source/ui/model/columns.js';
import {
	type SortedRows,
	type SortSpec,
	sortListeningOnly,
	sortPaneRows,
} from '../../../source/ui/model/pane-data.js';
import type {CellContext, PaneId} from '../../../source/ui/model/view-row.js';
import {rec} from '../../helpers/records.js';
import {snapshotOf} from '../../helpers/snapshots.js';

const context: CellContext = {now: 0, serviceName: () => null, hostName: () => null};

const STATES: SocketState[] = ['LISTEN', 'ESTABLISHED', 'TIME_WAIT', 'CLOSE_WAIT', 'UNCONN'];

/** Row `id` in one of a few versions (state, owner, age) so that rows change between polls. */
function makeRow(id: number, version: number): Row {
	const state = STATES[(id + version) % STATES.length]!;
	const listening = state === 'LISTEN' || state === 'UNCONN';
	return {
		key: `k${id}`,
		record: rec({
			proto: state === 'UNCONN' ? 'udp' : 'tcp',
			localPort: 1 + ((id * 7919) % 50),
			remoteAddress: listening ? null : `10.0.${id % 3}.${id % 5}`,
			remotePort: listening ? null : 1000 + (id % 4),
			state,
			pid: version % 2 === 0 ? 100 + (id % 6) : null,
			process: ['nginx', 'sshd', 'node'][id % 3]!,
		}),
		firstSeen: (id % 4) * 1000,
		seenAtStart: id % 5 === 0,
		status: version % 3 === 0 ? 'open' : version % 3 === 1 ? 'new' : 'closed',
		since: 0,
	};
}

function fullSort(snapshot: Snapshot, sort: Record<PaneId, SortSpec>) {
	const {listening, established} = sortPaneRows(snapshot, sort, context);
	return {listening, established};
}

describe('pane rows: incremental sort', () => {
	it('keeps the order of unchanged rows and places new and changed ones as a full sort would (property)', () => {
		const spec = (pane: PaneId) =>
			fc.record({
				column: fc.constantFrom(...COLUMNS[pane].map((column) => column.id)),
				descending: fc.boolean(),
			});
		// A first table of 40 ids (absent or in one of 4 versions), then polls that each
		// change a few of them (under a quarter, so the previous order is reused).
		const version = fc.option(fc.nat(3), {nil: undefined});
		const first = fc.array(version, {minLength: 40, maxLength: 40});
		const edits = fc.array(fc.tuple(fc.nat(39), version), {maxLength: 8});
		fc.assert(
			fc.property(
				fc.record({listening: spec('listening'), established: spec('established')}),
				first,
				fc.array(edits, {minLength: 1, maxLength: 6}),
				(sort, initial, polls) => {
					const objects = new Map<string, Row>();
					const versions = [...initial];
					let previous: SortedRows | undefined;
					for (const changes of [[], ...polls]) {
						for (const [id, next] of changes) versions[id] = next;
						const rows: Row[] = [];
						versions.forEach((current, id) => {
							if (current === undefined) return;
							const name = `${id}/${current}`;
							// The same object while a row does not change, as the store does.
							if (!objects.has(name)) objects.set(name, makeRow(id, current));
							rows.push(objects.get(name)!);
						});
						const snapshot = snapshotOf(rows);
						const next = sortPaneRows(snapshot, sort, context, previous);
						assert.deepEqual(
							{listening: next.listening, established: next.established},
							fullSort(snapshot, sort),
						);
						previous = next;
					}
				},
			),
			{numRuns: 300},
		);
	});

	it('the same snapshot with a new tick: the same sorted rows, not a copy; sorted again when the order moves', () => {
		const rows = [makeRow(1, 0), makeRow(2, 0), makeRow(3, 0)];
		const byPort = {
			listening: {column: 'port', descending: false},
			established: {column: 'local', descending: false},
		};
		const snapshot = snapshotOf(rows);
		const first = sortPaneRows(snapshot, byPort, context);
		assert.equal(sortPaneRows(snapshot, byPort, {...context, now: context.now + 60_000}, first), first);
		// Another snapshot of the same rows (a poll): placed again, equal rows.
		const again = sortPaneRows(snapshotOf([...rows]), byPort, context, first);
		assert.notEqual(again, first);
		assert.deepEqual(again.established, first.established);
		const reversed = {
			listening: {column: 'port', descending: true},
			established: {column: 'local', descending: true},
		};
		const flipped = sortPaneRows(snapshot, reversed, context, first);
		assert.notEqual(flipped, first);
		assert.deepEqual(
			{listening: flipped.listening, established: flipped.established},
			fullSort(snapshot, reversed),
		);
	});

	it('sorts everything again when the order or the names behind it change', () => {
		const rows = [makeRow(1, 0), makeRow(2, 0), makeRow(3, 0)];
		const byPort = {
			listening: {column: 'port', descending: false},
			established: {column: 'local', descending: false},
		};
		const first = sortPaneRows(snapshotOf(rows), byPort, context);
		const reversed = {
			listening: {column: 'port', descending: true},
			established: {column: 'local', descending: true},
		};
		const second = sortPaneRows(snapshotOf(rows), reversed, context, first);
		assert.deepEqual(
			{listening: second.listening, established: second.established},
			fullSort(snapshotOf(rows), reversed),
		);
		const renamed = sortPaneRows(snapshotOf(rows), byPort, {...context, namesVersion: 2}, first);
		assert.deepEqual(
			{listening: renamed.listening, established: renamed.established},
			fullSort(snapshotOf(rows), byPort),
		);
	});
});

describe('pane rows: the Listening pane alone (the plain first frame)', () => {
	it('sorts listeners as the dashboard does and keeps every connection row, unsorted (property)', () => {
		const spec = fc.record({
			column: fc.constantFrom(...COLUMNS.listening.map((column) => column.id)),
			descending: fc.boolean(),
		});
		fc.assert(
			fc.property(spec, fc.array(fc.nat(3), {maxLength: 60}), (listening, versions) => {
				const rows = versions.map((version, id) => makeRow(id, version));
				const sort = {listening, established: {column: 'local', descending: false}};
				const snapshot = snapshotOf(rows);
				const alone = sortListeningOnly(snapshot, sort, context);
				const full = fullSort(snapshot, sort);
				assert.deepEqual(alone.listening, full.listening);
				assert.deepEqual(new Set(alone.established), new Set(full.established));
				assert.equal(alone.established.length, full.established.length);
			}),
			{numRuns: 200},
		);
	});
});

// Column fitting at the sizes people use (60×16 … 200×60), on the pure function the
// table panes call with the rows they show.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Row} from '../../../source/store/snapshot.js';
import {
	type Column,
	ESTABLISHED_COLUMNS,
	type FittedColumn,
	fitColumns,
	formatCells,
	formatHeader,
	LISTENING_COLUMNS,
	MARKER_WIDTH,
} from '../../../source/ui/model/columns.js';
import type {CellContext} from '../../../source/ui/model/view-row.js';
import {rec, serverListeners} from '../../helpers/records.js';
import {rowOf} from '../../helpers/snapshots.js';

const context: CellContext = {
	now: 0,
	serviceName: (port) => ({22: 'ssh', 5432: 'postgresql', 53: 'domain'})[port] ?? null,
	hostName: () => null,
};
const row = (record: ReturnType<typeof rec>, i: number): Row => rowOf(record, {key: `k${i}`});

const listening = [serverListeners.sshd, serverListeners.postgres, serverListeners.resolver].map(row);
const established = Array.from({length: 20}, (_, i) =>
	rec({
		localAddress: '192.168.100.17',
		localPort: 40_000 + i,
		remoteAddress: '203.0.113.200',
		remotePort: 443,
		state: i % 3 ? 'ESTABLISHED' : 'TIME_WAIT',
		pid: 3000 + i,
		process: 'systemd-resolved',
	}),
).map(row);

const widths = (fitted: readonly FittedColumn[]) =>
	Object.fromEntries(fitted.map(({column, width}) => [column.id, width]));
const used = (fitted: readonly FittedColumn[]) =>
	MARKER_WIDTH + fitted.reduce((sum, {width}) => sum + width, 0) + fitted.length - 1;
const fit = (columns: readonly Column[], total: number, rows: readonly Row[]) =>
	fitColumns(columns, total, {rows, context});

/** Every visible cell shown whole: nothing the rows hold is cut. */
function assertNothingCut(fitted: readonly FittedColumn[], rows: readonly Row[]) {
	for (const r of rows)
		assert.doesNotMatch(formatCells(r, fitted, context), /…/, formatCells(r, fitted, context));
}

const SIZES = [60, 80, 160, 200];

describe('fitColumns', () => {
	for (const total of SIZES) {
		it(`never uses more than the ${total} columns it has, for either pane`, () => {
			for (const [columns, rows] of [
				[LISTENING_COLUMNS, listening],
				[ESTABLISHED_COLUMNS, established],
			] as const) {
				const fitted = fit(columns, total, rows);
				assert.ok(used(fitted) <= total, `${used(fitted)} > ${total}`);
				assert.ok(formatHeader(fitted).length <= total);
			}
		});
	}

	it('RX/s and TX/s come and go together, at every width (QA: TX/s dropped, RX/s kept at 80)', () => {
		for (let total = 40; total <= 200; total++) {
			const ids = fit(ESTABLISHED_COLUMNS, total, established).map((fitted) => fitted.column.id);
			assert.equal(ids.includes('rx'), ids.includes('tx'), `at ${total}: ${ids.join(' ')}`);
		}
	});

	it('at 60 columns keeps local, remote, state and process', () => {
		const loopback = Array.from({length: 10}, (_, i) =>
			row(
				rec({
					localPort: 40_000 + i,
					remoteAddress: '127.0.0.1',
					remotePort: 5432,
					state: 'ESTABLISHED',
					pid: 3000 + i,
					process: 'psql',
				}),
				i,
			),
		);
		const fitted = fit(ESTABLISHED_COLUMNS, 60, loopback);
		assert.deepEqual(Object.keys(widths(fitted)), ['local', 'remote', 'state', 'process']);
		assertNothingCut(fitted, loopback);
		// Wider content is cut (addresses in the middle), but the state stays whole.
		const wide = fit(ESTABLISHED_COLUMNS, 60, established);
		assert.deepEqual(Object.keys(widths(wide)), ['local', 'remote', 'state', 'process']);
		assert.match(formatCells(established[1]!, wide, context), /ESTABLISHED/);
		assert.match(formatCells(established[1]!, wide, context), /^192\.168\.\S*…\S*:40001 /);
	});

	it('at 60 columns the listening pane keeps address, port, pid and process', () => {
		const w = widths(fit(LISTENING_COLUMNS, 60, listening));
		for (const id of ['address', 'port', 'pid', 'process'])
			assert.ok(id in w, `${id} kept: ${JSON.stringify(w)}`);
		assert.ok(w.address! >= 15, 'an IPv4 address fits');
	});

	it('at 80 columns gives the process its name before the state gets any slack', () => {
		const fitted = fit(ESTABLISHED_COLUMNS, 80, established);
		const w = widths(fitted);
		assert.equal(w.state, 11);
		assert.ok(w.process! >= 'systemd-resolved'.length, `process ${w.process}`);
		assert.ok(w.process! > w.state!, 'process wider than state');
		assert.equal(w.local, '192.168.100.17:40019'.length);
		assertNothingCut(fitted, established);
	});

	it('at 80 columns sizes the listening pane by what its rows hold', () => {
		const fitted = fit(LISTENING_COLUMNS, 80, listening);
		const w = widths(fitted);
		assert.equal(w.address, 15, 'IPv4 needs 15');
		assert.ok(w.process! >= 12);
		assertNothingCut(fitted, listening);
	});

	it('at 160 and 200 columns shows every column and gives the spare width to process and remote', () => {
		for (const total of [160, 200]) {
			const w = widths(fit(ESTABLISHED_COLUMNS, total, established));
			assert.equal(Object.keys(w).length, ESTABLISHED_COLUMNS.length);
			assert.equal(w.local, 20, 'local as wide as its content');
			assert.equal(w.state, 11);
			assert.ok(w.remote! > 20 && w.process! > 16, JSON.stringify(w));
			const l = widths(fit(LISTENING_COLUMNS, total, listening));
			assert.equal(Object.keys(l).length, LISTENING_COLUMNS.length);
			assert.equal(l.address, 15, `address stays 15 at ${total}, not 50`);
			assert.ok(l.process! > 16);
		}
	});

	it('widens an address column for IPv6 content, cutting it in the middle only when it must', () => {
		const v6 = [
			row(
				rec({
					family: 6,
					localAddress: '2001:db8:aaaa:bbbb:cccc:dddd:eeee:1',
					localPort: 443,
					remoteAddress: 'fe80::1234:5678:9abc:def0%eth0',
					remotePort: 61000,
					state: 'ESTABLISHED',
					pid: 1,
					process: 'nginx',
				}),
				0,
			),
		];
		const wide = fit(ESTABLISHED_COLUMNS, 160, v6);
		assertNothingCut(wide, v6);
		const narrow = fit(ESTABLISHED_COLUMNS, 80, v6);
		const cells = formatCells(v6[0]!, narrow, context);
		assert.match(cells, /\[2001:d\S*…\S*:1\]:443/, 'both ends kept');
		assert.match(cells, /ESTABLISHED/);
	});

	it('without rows to measure, uses the base widths', () => {
		const w = widths(fitColumns(ESTABLISHED_COLUMNS, 80));
		assert.equal(w.local, 15);
		assert.equal(w.state, 11);
	});
});

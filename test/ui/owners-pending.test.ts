// What the dashboard's pure parts say while the first poll's owners are read (tables first,
// issue 14): a pending mark in PID and PROCESS that needs no colour, the header's note, no
// "no match" from a filter that may need owners, and a key on such a row that says why.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {countParts} from '../../source/ui/components/header-parts.js';
import {reduceKeys} from '../../source/ui/controller/reduce-key.js';
import {fitColumns, formatCells, LISTENING_COLUMNS} from '../../source/ui/model/columns.js';
import {emptyPaneText} from '../../source/ui/model/status-text.js';
import type {CellContext} from '../../source/ui/model/view-row.js';
import {ASCII_GLYPHS, themeFor} from '../../source/ui/theme.js';
import {rec} from '../helpers/records.js';
import {rowOf} from '../helpers/snapshots.js';
import {initial, read, viewOf} from './controller/fixtures.js';

const context: CellContext = {now: 0, serviceName: () => null, hostName: () => null};
const listener = rec({localAddress: '0.0.0.0', localPort: 8080, inode: 77, uid: 0, user: 'root'});
const pending = rowOf(listener, {key: 'p', ownersPending: true});
const known = rowOf(listener, {key: 'k'});

describe('owners pending', () => {
	it('PID and PROCESS show the ellipsis (ASCII: ~), the port shows as usual; a known empty owner stays -', () => {
		const fitted = fitColumns(LISTENING_COLUMNS, 80, {rows: [pending], context});
		const cells = (row: typeof pending, ellipsis?: string) =>
			Object.fromEntries(
				fitted.map((col) => [col.column.id, formatCells(row, [col], context, ellipsis).trim()]),
			);
		assert.match(formatCells(pending, fitted, context), /8080/);
		assert.equal(cells(pending).pid, '…');
		assert.equal(cells(pending).process, '…');
		assert.equal(cells(pending, '~').pid, '~');
		assert.equal(cells(pending, '~').process, '~');
		assert.equal(cells(known).pid, '-');
		assert.equal(cells(known).process, '-');
	});

	it("the header says owners are being read instead of counting 'unattributed'", () => {
		const counts = {listening: 1, established: 0, other: 0, unattributed: 1, matching: null};
		const snapshot = {
			lastGoodAt: 1,
			error: null,
			waitingMs: null,
			unattributedCause: null,
			ownersPending: true,
		};
		const forms = countParts(counts, true, themeFor(false), snapshot).flatMap((part) => part.forms);
		assert.ok(forms.includes('owners: reading…'), forms.join(' | '));
		assert.ok(!forms.some((form) => /unattr/.test(form)), forms.join(' | '));
		const ascii = countParts(counts, true, themeFor(false, ASCII_GLYPHS), snapshot).flatMap((p) => p.forms);
		assert.ok(ascii.includes('owners: reading~'), ascii.join(' | '));
		const done = countParts(counts, true, themeFor(false), {...snapshot, ownersPending: false});
		assert.ok(done.some((part) => part.forms.includes('unattributed 1')));
	});

	it("an empty pane under a filter says 'no match yet' while owners are pending, 'no match' after", () => {
		const data = {lastGoodAt: 1, error: null, waitingMs: null};
		assert.equal(emptyPaneText({...data, ownersPending: true}, true), 'no match yet, owners: reading…');
		assert.equal(emptyPaneText({...data, ownersPending: true}, false), 'no sockets');
		assert.equal(emptyPaneText(data, true), 'no sockets match the filter');
	});

	it('Enter, K and p on a pending row: owners are being read, not "no owner"', () => {
		for (const keys of ['\r', 'K', 'p']) {
			const step = reduceKeys(initial({focus: 'listening'}), read(keys, 1), viewOf({rows: [pending]}));
			assert.equal(step.state.mode, 'table');
			assert.equal(step.state.message?.text, 'owners: reading… (try again in a moment)', keys);
		}
	});
});

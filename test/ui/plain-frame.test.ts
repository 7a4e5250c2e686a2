// The plain first frame's text (plain-frame.ts): pure, props → lines.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {createServiceLookup} from '../../source/services/service-lookup.js';
import {textWidth} from '../../source/ui/model/text-fit.js';
import {type PlainFrameProps, plainFrameLines} from '../../source/ui/plain-frame.js';
import {themeFor} from '../../source/ui/theme.js';
import {rec} from '../helpers/records.js';
import {rowOf, snapshotOf} from '../helpers/snapshots.js';

const listeners = Array.from({length: 40}, (_, i) =>
	rowOf(rec({localAddress: '127.0.0.1', localPort: 31500 + i, inode: 1000 + i}), {ownersPending: true}),
);
const connections = Array.from({length: 30}, (_, i) =>
	rowOf(rec({localPort: 31500, remoteAddress: '127.0.0.1', remotePort: 40000 + i, state: 'ESTABLISHED'}), {
		ownersPending: true,
	}),
);

function props(fields: Partial<PlainFrameProps> = {}): PlainFrameProps {
	return {
		config: {
			hostname: 'testhost',
			sourceName: 'procfs',
			intervalMs: 2000,
			isRoot: true,
			initialFilter: '',
			theme: themeFor(false),
		},
		snapshot: snapshotOf([...listeners, ...connections], {ownersPending: true}),
		scan: {phase: 'idle'} as PlainFrameProps['scan'],
		serviceName: createServiceLookup(),
		now: 0,
		columns: 120,
		rows: 40,
		...fields,
	};
}

describe('plain first frame', () => {
	it('says the counts and draws listeners with their ports, owners pending as the dashboard marks them', () => {
		const lines = plainFrameLines(props());
		assert.match(lines[0]!, /^socktop {2}testhost {2}procfs every 2s/);
		assert.match(lines[1]!, /listening 40 {2}established 30 {2}other 0 {2}owners: reading…/);
		assert.match(lines[2]!, /Listening \(40\)/);
		assert.match(lines[3]!, /PROTO +ADDRESS +PORT/);
		assert.match(
			lines[4]!,
			/^> tcp4 +127\.0\.0\.1 +31500 /,
			'the first row selected, as the dashboard starts',
		);
		// PID and PROCESS of a row whose owners are being read: `…` (columns.ts PENDING_OWNER).
		assert.match(lines[4]!, /31500 .* … …/);
		assert.match(lines[5]!, /^ {2}tcp4 +127\.0\.0\.1 +31501 /);
	});

	it('never wider than the terminal, never taller than its rows minus one (layout.ts)', () => {
		for (const [columns, rows] of [
			[60, 16],
			[80, 24],
			[160, 50],
			[61, 100],
		] as const) {
			const lines = plainFrameLines(props({columns, rows}));
			assert.ok(lines.length > 4 && lines.length <= rows - 1, `${columns}×${rows}: ${lines.length} lines`);
			for (const line of lines) assert.ok(textWidth(line) <= columns, `${columns}: ${line}`);
		}
	});

	it('windows the Listening pane to the rows the dashboard gives it', () => {
		const lines = plainFrameLines(props({columns: 80, rows: 24}));
		const rows = lines.filter((line) => /127\.0\.0\.1 +315\d\d/.test(line));
		assert.ok(rows.length >= 3 && rows.length < 40, `${rows.length} rows`);
		assert.match(lines[2]!, new RegExp(`rows 1-${rows.length} of 40`));
	});

	it('an empty table: counts of 0 and the pane says there is nothing', () => {
		const lines = plainFrameLines(props({snapshot: snapshotOf([])}));
		assert.match(lines[1]!, /listening 0 {2}established 0/);
		assert.match(lines[2]!, /Listening \(0\)/);
		assert.equal(lines.length, 5);
		assert.match(lines[4]!, /^ {2}\S/);
	});

	it('no frame before the first data, nor on a terminal too small for the dashboard', () => {
		assert.deepEqual(plainFrameLines(props({snapshot: snapshotOf([], {lastGoodAt: null})})), []);
		assert.deepEqual(plainFrameLines(props({columns: 59})), []);
		assert.deepEqual(plainFrameLines(props({rows: 15})), []);
	});

	it('plain text in either theme: no escape sequence, colour or not (--no-color, NO_COLOR)', () => {
		for (const colour of [true, false]) {
			const config = {...props().config, theme: themeFor(colour)};
			const lines = plainFrameLines(props({config}));
			assert.ok(lines.length > 4);
			for (const line of lines) assert.doesNotMatch(line, /\x1b/);
		}
	});

	it('with a filter: the counts say how many of how many, the pane holds only what matches', () => {
		const config = {...props().config, initialFilter: 'port:31505'};
		const lines = plainFrameLines(props({config}));
		assert.match(lines[1]!, /listening 1 of 40/);
		assert.equal(lines.filter((line) => /31505/.test(line)).length, 1);
		assert.ok(!lines.some((line) => /31506/.test(line)));
	});
});

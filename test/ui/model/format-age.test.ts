import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Row} from '../../../source/store/snapshot.js';
import {COLUMNS} from '../../../source/ui/model/columns.js';
import {formatAge} from '../../../source/ui/model/format.js';
import type {CellContext} from '../../../source/ui/model/view-row.js';
import {rec} from '../../helpers/records.js';

const MINUTE = 60_000;

test('an age socktop saw begin is exact; one already there at start is a lower bound', () => {
	assert.deepEqual(
		[0, 12, 185, 2 * 1440 + 240, 12 * 1440].map((m) => formatAge(m * MINUTE)),
		['<1m', '12m', '3h05m', '2d04h', '12d'],
	);
	assert.deepEqual(
		[0, 3, 185, 2 * 1440 + 240, 12 * 1440].map((m) => formatAge(m * MINUTE, true)),
		['≥0m', '≥3m', '≥3h', '≥2d', '≥12d'],
	);
	for (const m of [0, 59, 60, 1439, 1440, 100_000])
		assert.ok(formatAge(m * MINUTE, true).length <= 5, 'fits the column');
});

test('the AGE column shows a lower bound for rows seen at start, never <1m', () => {
	const age = COLUMNS.established.find((column) => column.id === 'age')!;
	const context: CellContext = {now: 3 * MINUTE, serviceName: () => null, hostName: () => null};
	const row = (seenAtStart: boolean, firstSeen: number): Row => ({
		key: 'k',
		record: rec({remoteAddress: '127.0.0.1', remotePort: 1, state: 'ESTABLISHED'}),
		firstSeen,
		seenAtStart,
		status: 'open',
		since: 0,
	});
	assert.equal(age.value(row(true, 0), context), '≥3m');
	assert.equal(age.value(row(true, 3 * MINUTE), context), '≥0m');
	assert.equal(age.value(row(false, 3 * MINUTE - 1000), context), '<1m');
});

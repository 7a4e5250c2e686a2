import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {TrafficSnapshot} from '../../../source/store/traffic-store.js';
import {rateModeParts} from '../../../source/ui/components/traffic-header.js';
import {formatClock} from '../../../source/ui/model/format.js';
import {plainTheme} from '../../../source/ui/theme.js';

const base: TrafficSnapshot = {
	version: 3,
	status: 'ok',
	error: null,
	mode: 'all',
	fullEveryMs: 20_000,
	sockets: new Map(),
	listeners: new Map(),
	processes: new Map(),
	containers: new Map(),
	machine: null,
	listenOverflows: null,
	closesCounted: 0,
};

describe('header: how the rates were read', () => {
	it('says when ss was not run because no TCP segment moved, and since when', () => {
		const since = Date.UTC(2026, 10, 30, 13, 20, 5);
		const [part] = rateModeParts({...base, idleSince: since}, plainTheme);
		const clock = formatClock(since);
		assert.deepEqual(part?.forms, [
			`rates: 0, no TCP segments since ${clock}`,
			`rates: idle since ${clock}`,
			'rates: idle',
			'',
		]);
	});

	it('a read poll says how it reads, as before', () => {
		assert.equal(rateModeParts({...base, idleSince: null}, plainTheme)[0]?.forms[0], 'rates: every socket');
		assert.equal(
			rateModeParts({...base, mode: 'visible'}, plainTheme)[0]?.forms[0],
			'rates: rows on screen, all every 20s',
		);
	});
});

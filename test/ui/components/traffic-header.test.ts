// The header's traffic parts say the true cause at every width form: rates switched off
// (SOCKTOP_RATES=off), another platform, a failing read; and the machine's totals.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {PollStore} from '../../../source/store/poll-store.js';
import {createTrafficStore, type TrafficSnapshot} from '../../../source/store/traffic-store.js';
import {machineRateParts, rateModeParts} from '../../../source/ui/components/traffic-header.js';
import {formatClock} from '../../../source/ui/model/format.js';
import {fitSegments} from '../../../source/ui/model/text-fit.js';
import {plainTheme} from '../../../source/ui/theme.js';
import {trafficSnapshotOf} from '../../helpers/snapshots.js';

const snapshot = trafficSnapshotOf;

const forms = (traffic: TrafficSnapshot) => rateModeParts(traffic, plainTheme).flatMap((part) => part.forms);

describe('traffic header', () => {
	it('rates switched off say so, and why, at every form (never "not available here")', () => {
		const off = snapshot({status: 'off', offReason: 'SOCKTOP_RATES=off'});
		const all = forms(off);
		assert.ok(all.length > 0);
		for (const form of all) {
			assert.match(form, /rates off|=off/);
			assert.match(form, /SOCKTOP_RATES=off/, 'every form says why');
			assert.doesNotMatch(form, /not available|Linux only|n\/a/);
		}
		// Fitted into a narrow header, what is left still says off and why.
		for (const width of [20, 40, 80]) {
			const [text] = fitSegments(rateModeParts(off, plainTheme), width);
			assert.match(text ?? '', /SOCKTOP_RATES=off/, `at ${width}: ${text}`);
		}
	});

	it('a store switched off (no source, a reason) is off, not unsupported, and the header says why', () => {
		const store = createTrafficStore({
			source: null,
			off: 'SOCKTOP_RATES=off',
			sockets: {} as PollStore,
			intervalMs: 1000,
		});
		const taken = store.getSnapshot();
		assert.deepEqual([taken.status, taken.offReason], ['off', 'SOCKTOP_RATES=off']);
		assert.equal(fitSegments(rateModeParts(taken, plainTheme), 200)[0], 'rates off (SOCKTOP_RATES=off)');
		const none = createTrafficStore({source: null, sockets: {} as PollStore, intervalMs: 1000});
		assert.equal(none.getSnapshot().status, 'unsupported');
	});

	it('another platform says Linux only; a failing read says it fails', () => {
		for (const form of forms(snapshot({status: 'unsupported'})).filter(Boolean))
			assert.match(form, /Linux only/);
		for (const form of forms(snapshot({status: 'error', error: 'ss exited with 1'})).filter(Boolean))
			assert.match(form, /rates/);
	});

	it('the machine total says how many namespaces it sums, and the loopback apart', () => {
		const parts = machineRateParts(
			snapshot({machine: {rateIn: 2048, rateOut: 1024}, loopback: 200 * 1024, netnsCounted: 3}),
			plainTheme,
		);
		const wide = fitSegments(parts, 200).filter(Boolean).join('  ');
		assert.match(wide, /net in 2\.0K\/s out 1\.0K\/s/);
		assert.match(wide, /3 netns/);
		assert.match(wide, /lo 200K\/s/);
		const single = fitSegments(
			machineRateParts(snapshot({machine: {rateIn: 0, rateOut: 0}, netnsCounted: 1}), plainTheme),
			200,
		);
		assert.doesNotMatch(single.join(' '), /netns/);
	});
});

describe('header: how the rates were read', () => {
	it('says when ss was not run because no TCP segment moved, and since when', () => {
		const since = Date.UTC(2026, 10, 30, 13, 20, 5);
		const [part] = rateModeParts(snapshot({idleSince: since}), plainTheme);
		const clock = formatClock(since);
		assert.deepEqual(part?.forms, [
			`rates: 0, no TCP segments since ${clock}`,
			`rates: idle since ${clock}`,
			'rates: idle',
			'',
		]);
	});

	it('a read poll says how it reads, as before', () => {
		assert.equal(rateModeParts(snapshot({idleSince: null}), plainTheme)[0]?.forms[0], 'rates: every socket');
		assert.equal(
			rateModeParts(snapshot({mode: 'visible'}), plainTheme)[0]?.forms[0],
			'rates: rows on screen, all every 20s',
		);
	});
});

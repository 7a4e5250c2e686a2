// The header's two lines at the widths people use: shortened at field boundaries,
// never cut inside a word, and the parts that say something is wrong kept longest.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Snapshot} from '../../source/store/snapshot.js';
import {countParts, statusParts} from '../../source/ui/components/header-parts.js';
import {fitSegments, textWidth} from '../../source/ui/model/text-fit.js';
import {ASCII_GLYPHS, plainTheme, themeFor} from '../../source/ui/theme.js';
import {snapshotOf} from '../helpers/snapshots.js';

const snapshot = (fields: Partial<Snapshot>): Snapshot =>
	snapshotOf([], {updatedAt: Date.UTC(2026, 10, 30, 12, 34, 56), ...fields});
const status = (fields: Partial<Snapshot>, hostname: string, paused = false, theme = plainTheme) =>
	statusParts({
		hostname,
		sourceName: 'procfs',
		intervalMs: 2000,
		snapshot: snapshot(fields),
		paused,
		isRoot: false,
		theme,
	});
const line = (parts: ReturnType<typeof status>, width: number, ellipsis = '…') =>
	fitSegments(parts, width, '  ', ellipsis).filter(Boolean).join('  ');

describe('header', () => {
	it('line 1 keeps PAUSED and STALE at 60 columns, shortening the rest by whole fields', () => {
		const text = line(status({error: 'x', stale: true}, 'db-primary.example.internal', true), 60);
		assert.ok(textWidth(text) <= 60, text);
		assert.match(text, /^socktop {2}/);
		assert.match(text, /PAUSED {2}! STALE/);
		assert.match(text, /\d\d:\d\d:\d\d/);
	});

	it('line 1 keeps "log: off (EACCES)" at 80 columns while --log cannot write (QA)', () => {
		const parts = statusParts({
			hostname: 'db-primary.example.internal',
			sourceName: 'procfs',
			intervalMs: 2000,
			snapshot: snapshot({}),
			paused: true,
			isRoot: false,
			theme: plainTheme,
			logOff: 'EACCES',
		});
		const text = line(parts, 80);
		assert.ok(textWidth(text) <= 80, text);
		assert.match(text, /PAUSED {2}log: off \(EACCES\)/);
		assert.match(line(parts, 60), /log: off/);
	});

	it('line 1 cuts a long host name at a dot, never inside a label', () => {
		const text = line(status({}, 'ip-10-0-0-5.eu-west-1.compute.internal.example.org'), 60);
		assert.ok(textWidth(text) <= 60, text);
		assert.match(text, /^socktop {2}ip-10-0-0-5(\.[a-z0-9-]+)*…? /);
	});

	it('line 2 at 80, 60 columns: the sudo hint shortens, then goes, before any count', () => {
		const counts = {listening: 123, established: 20_000, other: 456, unattributed: 7, matching: null};
		const at = (width: number) => line(countParts(counts, false, plainTheme), width);
		assert.equal(
			at(200),
			'listening 123  established 20000  other 456  unattributed 7 (not root: run with sudo to see their owners)',
		);
		assert.equal(at(80), 'listening 123  established 20000  other 456  unattributed 7 (sudo shows owners)');
		assert.equal(at(60), 'listening 123  established 20000  other 456  unattributed 7');
	});

	it('line 2 with a filter says how many of each the filter shows, of how many', () => {
		const counts = {
			listening: 7,
			established: 120,
			other: 4,
			unattributed: 0,
			matching: {listening: 3, established: 20, other: 0},
		};
		const at = (width: number) => line(countParts(counts, true, plainTheme), width);
		assert.equal(at(80), 'listening 3 of 7  established 20 of 120  other 0 of 4  unattributed 0');
		assert.equal(at(40), 'listen 3/7  estab 20/120  other 0/4');
	});

	it('uses the ASCII ellipsis under a C locale', () => {
		const parts = status(
			{updatedAt: null, lastGoodAt: null, waitingMs: 3400},
			'h',
			false,
			themeFor(false, ASCII_GLYPHS),
		);
		assert.match(line(parts, 80, '~'), /reading sockets~ 3 s$/);
		const counts = countParts(
			{listening: 0, established: 0, other: 0, unattributed: 0, matching: null},
			false,
			themeFor(false, ASCII_GLYPHS),
			{
				lastGoodAt: null,
				error: null,
				waitingMs: 3400,
				unattributedCause: null,
			},
		);
		assert.equal(line(counts, 80, '~'), 'loading~', 'no zero counts before the first data');
	});

	it('line 2 names the cause the source found, shortened at 80 columns', () => {
		const counts = {listening: 3, established: 0, other: 2, unattributed: 1, matching: null};
		const parts = countParts(counts, true, plainTheme, {
			lastGoodAt: 1,
			error: null,
			waitingMs: null,
			unattributedCause: 'hidden-from-root',
		});
		assert.equal(
			line(parts, 200),
			'listening 3  established 0  other 2  unattributed 1 (owners hidden from root: PID namespace, sandbox or hidepid)',
		);
		assert.equal(line(parts, 80), 'listening 3  established 0  other 2  unattributed 1 (owners hidden)');
	});
});

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {dataAgeText, emptyPaneText, unattributedHint} from '../../../source/ui/model/status-text.js';

const clock = (ms: number) => `@${ms}`;
const loading = {lastGoodAt: null, error: null, waitingMs: 3400};
const failedFirst = {lastGoodAt: null, error: 'EACCES', waitingMs: null};
const good = {lastGoodAt: 5, error: null, waitingMs: null};
const stale = {lastGoodAt: 5, error: 'timeout', waitingMs: null};

test('an empty pane says what is true: loading, no data, no match, or no sockets', () => {
	assert.equal(emptyPaneText(loading, false), 'loading…');
	assert.equal(
		emptyPaneText(loading, true),
		'loading…',
		'a filter set before the data came is not "no match"',
	);
	assert.equal(emptyPaneText(failedFirst, false), 'no data: the source failed (see below)');
	assert.equal(emptyPaneText(good, false), 'no sockets');
	assert.equal(emptyPaneText(good, true), 'no sockets match the filter');
	assert.equal(emptyPaneText(stale, false), 'no sockets');
});

test('the header tells how long the first read has run, then when the data changed', () => {
	assert.equal(dataAgeText(loading, clock, null), 'reading sockets… 3 s');
	assert.equal(dataAgeText(failedFirst, clock, 9), 'no data yet, retrying');
	assert.equal(dataAgeText(good, clock, 9), 'updated @9');
});

test('the unattributed hint names the cause', () => {
	assert.match(unattributedHint('not-root', true), /not root: run with sudo/);
	assert.match(
		unattributedHint('hidden-from-root', false),
		/hidden from root: PID namespace, sandbox or hidepid/,
	);
	assert.match(
		unattributedHint(null, true),
		/hidden from root/,
		'unknown cause: decided by whether we are root',
	);
});

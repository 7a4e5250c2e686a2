import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {parseScreen} from './screen.js';

// The screen check of the packaging test must catch what Ink 6.8's off-by-one did:
// rows drawn one line low leave the row above stale (seen in a headless terminal).
const good = [
	'socktop  vm  procfs every 500ms  updated 04:50:40',
	'listening 2  established 1  other 0  unattributed 0',
	'▶ Listening (3)    sort: port ▲',
	'  PROTO ADDRESS              PORT SERVICE      CLASS      EXPOSED        PID PROCESS      USER',
	'> tcp4  127.0.0.1           44735              registered loopback      5981 node         root',
	'  udp4  127.0.0.1           50000              dynamic    loopback      5981 node         root',
	' ×tcp4  127.0.0.1           50001              dynamic    loopback      5982 gone         root',
	'  Connections (1)    sort: age ▼',
	'  PROTO LOCAL                 REMOTE                         STATE           PID PROCESS         AGE',
	'  tcp4  127.0.0.1:32772       127.0.0.1:44735                ESTABLISHED    5981 node            <1m',
	'',
	'no filter  (/ to filter)',
	'q quit  ? help  Tab pane',
];

describe('reading the dashboard screen back', () => {
	it('finds the rows of each pane', () => {
		const screen = parseScreen(good.join('\n'));
		assert.deepEqual(screen.problems, []);
		assert.deepEqual(
			screen.listening.map((row) => [row.proto, row.family, row.localPort, row.closed]),
			[
				['tcp', 4, 44735, false],
				['udp', 4, 50000, false],
				['tcp', 4, 50001, true],
			],
		);
		assert.deepEqual(
			screen.connections.map((row) => row.localPort),
			[32772],
		);
		assert.equal(screen.listeningCount, 3);
	});

	it('flags a frame drawn one row low over the previous one', () => {
		// Every line from the title down moved one row down; the old title line stayed.
		const shifted = [...good.slice(0, 3), ...good.slice(2, -1)];
		assert.notDeepEqual(parseScreen(shifted.join('\n')).problems, []);
	});

	it('flags a stale row left below the footer or between panes', () => {
		assert.notDeepEqual(parseScreen([...good, good[4]].join('\n')).problems, []);
		const stale = [...good.slice(0, 6), good[5], ...good.slice(6)];
		assert.match(parseScreen(stale.join('\n')).problems.join('\n'), /row shown twice/);
	});
});

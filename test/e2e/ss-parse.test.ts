// The e2e tests compare socktop with `ss`: the reader of ss output must survive what a
// real machine prints, such as a process that put a newline in its name.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {parseSs} from './helpers/ss.js';

test('a process name with a newline and quotes continues on the next line of ss output', () => {
	// Real `ss -tunapH` output (iproute2 6.1), captured here while a node process had set
	// process.title = 'sk\ntp "x" y' and listened on 127.0.0.1.
	const text = readFileSync(new URL('../fixtures/e2e/ss-tunapH-newline-name.txt', import.meta.url), 'utf8');
	const sockets = parseSs(text);
	assert.deepEqual(
		sockets.map((s) => [s.state, s.localPort, s.remotePort, s.users.map((u) => `${u.pid}/${u.name}`)]),
		[
			['LISTEN', 46721, null, ['461/sk\ntp "x" y']],
			['LISTEN', 2024, null, []],
			['TIME_WAIT', 35701, 38920, []],
			['TIME_WAIT', 43023, 44296, []],
		],
	);
});

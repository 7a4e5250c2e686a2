import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {parseInChunks} from '../../../source/sources/procfs/parse-in-chunks.js';
import {parseProcNet} from '../../../source/sources/procfs/parse-proc-net.js';

const [header, ...lines] = readFileSync(
	new URL('../../fixtures/procfs/handmade-tcp.txt', import.meta.url),
	'utf8',
).split('\n');

test('a table of several chunks parses exactly as in one go, yielding between chunks', async () => {
	const body = lines.join('\n');
	const text = `${header}\n${Array.from({length: 300}, () => body).join('\n')}`; // ~1.5 MB, garbage included
	let yielded = 0;
	const counter = setInterval(() => yielded++, 0);
	const chunked = await parseInChunks(text, 'tcp', {}, new AbortController().signal);
	clearInterval(counter);
	assert.deepEqual(chunked, parseProcNet(text, 'tcp'));
	assert.equal(chunked.entries.length, 300 * 14);
	assert.ok(yielded > 0, 'timers ran while parsing');
});

test('stops between chunks when aborted', async () => {
	const text = `${header}\n${Array.from({length: 300}, () => lines.join('\n')).join('\n')}`;
	const controller = new AbortController();
	const parsing = parseInChunks(text, 'tcp', {}, controller.signal);
	controller.abort(new Error('stop'));
	await assert.rejects(parsing, {message: 'stop'});
});

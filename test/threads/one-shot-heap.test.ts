// saveMemoryForOneShot (threads/one-shot-heap.ts): with it, a process that keeps many young
// objects alive does not grow V8's young generation (left alone it doubles up to 2 × 16 MB).
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {test} from 'node:test';

/** New space's size (MB) before and after allocating 300,000 objects that all survive, in a fresh node. */
function growth(call: boolean): {before: number; after: number} {
	const url = new URL('../../source/threads/one-shot-heap.ts', import.meta.url).href;
	const script = `const {saveMemoryForOneShot} = await import(${JSON.stringify(url)});
const v8 = await import('node:v8');
const newSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576;
${call ? 'saveMemoryForOneShot();' : ''}
const before = newSpace();
const kept = [];
for (let i = 0; i < 300000; i++) kept.push({i, text: 'x' + i});
process.stdout.write(JSON.stringify({before, after: newSpace()}));`;
	const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
		encoding: 'utf8',
	});
	assert.equal(run.status, 0, run.stderr);
	return JSON.parse(run.stdout) as {before: number; after: number};
}

test('the young generation does not grow after saveMemoryForOneShot (and does without it)', () => {
	const without = growth(false);
	assert.ok(without.after > without.before, `without: ${JSON.stringify(without)} (the premise: it grows)`);
	const withIt = growth(true);
	assert.ok(withIt.after <= withIt.before, `with: ${JSON.stringify(withIt)}`);
});

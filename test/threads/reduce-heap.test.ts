// reduce-heap.ts in a fresh Node: a young generation grown by a burst of short-lived
// objects, which a plain full collection keeps, is handed back within the window; nothing
// is written to stderr (the dashboard's screen).
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';

const MODULE = fileURLToPath(new URL('../../source/threads/reduce-heap.ts', import.meta.url));
// The tests' own TypeScript loader (scripts/ts-register.mjs), not tsx: ≈0.5 s CPU less per start.
const TS_LOADER = new URL('../../scripts/ts-register.mjs', import.meta.url).href;
// V8's memory reducer takes its first step ≈8 s after the collection that starts it.
const SCRIPT = `
import v8 from 'node:v8';
import {runInNewContext} from 'node:vm';
import {setTimeout as sleep} from 'node:timers/promises';
const {reduceHeap} = await import(${JSON.stringify(MODULE)});
const young = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
const keep = [];
for (let i = 0; i < 4e6; i++) { const o = {i, text: 'row ' + i}; if (i % 1000 === 0) keep.push(o); }
v8.setFlagsFromString('--expose-gc');
runInNewContext('gc')();
const grown = young();
reduceHeap(25_000);
let after = young();
for (let waited = 0; waited < 25_000 && after > 2 * 1024 * 1024; waited += 250) {
	await sleep(250);
	after = young();
}
console.log(JSON.stringify({grown, after, kept: keep.length}));
`;

describe('reduce heap', () => {
	it('gives back a grown young generation that a full collection keeps, silently', () => {
		const run = spawnSync(process.execPath, ['--import', TS_LOADER, '--input-type=module', '-e', SCRIPT], {
			encoding: 'utf8',
			timeout: 90_000,
		});
		assert.equal(run.status, 0, run.stderr);
		assert.equal(run.stderr, '', 'nothing written to stderr');
		const {grown, after} = JSON.parse(run.stdout) as {grown: number; after: number};
		assert.ok(grown >= 8 * 1024 * 1024, `the burst grew new space (${grown} B) and gc() kept it`);
		assert.ok(after <= 2 * 1024 * 1024, `new space handed back: ${grown} → ${after} B`);
	});
});

// reduce-heap.ts in a fresh Node: a young generation grown by a burst of short-lived
// objects is handed back, which a plain full collection does not do, and nothing is written
// to stderr (queryObjects' experimental warning would land on the dashboard's screen).
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';

const MODULE = fileURLToPath(new URL('../../source/threads/reduce-heap.ts', import.meta.url));
const SCRIPT = `
import v8 from 'node:v8';
import {runInNewContext} from 'node:vm';
const {reduceHeap} = await import(${JSON.stringify(MODULE)});
const young = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
const keep = [];
for (let i = 0; i < 4e6; i++) { const o = {i, text: 'row ' + i}; if (i % 1000 === 0) keep.push(o); }
v8.setFlagsFromString('--expose-gc');
runInNewContext('gc')();
const grown = young();
const reduced = reduceHeap();
console.log(JSON.stringify({grown, reduced, after: young(), kept: keep.length}));
`;

describe('reduce heap', () => {
	it('gives back a grown young generation that a full collection keeps, silently', () => {
		const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
			encoding: 'utf8',
			timeout: 60_000,
		});
		assert.equal(run.status, 0, run.stderr);
		assert.equal(run.stderr, '', 'no warning written');
		const {grown, reduced, after} = JSON.parse(run.stdout) as {
			grown: number;
			reduced: boolean;
			after: number;
		};
		assert.equal(reduced, true, 'this Node has v8.queryObjects');
		assert.ok(grown >= 8 * 1024 * 1024, `the burst grew new space (${grown} B) and gc() kept it`);
		assert.ok(after <= 2 * 1024 * 1024, `new space handed back: ${grown} → ${after} B`);
	});
});

// optimizing-compiler.ts in a fresh Node: a small table turns V8's optimizing compiler off (a
// function asked to be optimized stays in the baseline tiers), a big one or an unknown size turns
// it on again (the same function is then optimized); nothing is written to stderr.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';

const MODULE = fileURLToPath(new URL('../../source/threads/optimizing-compiler.ts', import.meta.url));
// The tests' own TypeScript loader (scripts/ts-register.mjs), as reduce-heap.test.ts does.
const TS_LOADER = new URL('../../scripts/ts-register.mjs', import.meta.url).href;
// `%` calls (V8's natives syntax, allowed on the command line) ask for an optimization at once
// instead of waiting for a function to get hot. Status bit 16 is "optimized" (V8's
// OptimizationStatus::kOptimized).
const SCRIPT = `
const {optimizeForTable, isOptimizing, OPTIMIZE_FROM_SOCKETS} = await import(${JSON.stringify(MODULE)});
const optimized = () => {
	const f = new Function('x', 'return x * 2 + 1;');
	new Function('f', '%PrepareFunctionForOptimization(f)')(f);
	f(1); f(2);
	new Function('f', '%OptimizeFunctionOnNextCall(f)')(f);
	f(3);
	return (new Function('f', 'return %GetOptimizationStatus(f)')(f) & 16) !== 0;
};
const seen = {start: [isOptimizing(), optimized()]};
optimizeForTable(OPTIMIZE_FROM_SOCKETS);
seen.small = [isOptimizing(), optimized()];
optimizeForTable(OPTIMIZE_FROM_SOCKETS + 1);
seen.big = [isOptimizing(), optimized()];
optimizeForTable(10);
optimizeForTable(null);
seen.unknown = [isOptimizing(), optimized()];
console.log(JSON.stringify(seen));
`;

describe('optimizeForTable', () => {
	it('turns TurboFan off up to OPTIMIZE_FROM_SOCKETS and on above it or when the size is unknown', () => {
		const run = spawnSync(
			process.execPath,
			['--allow-natives-syntax', '--import', TS_LOADER, '--input-type=module', '-e', SCRIPT],
			{encoding: 'utf8', timeout: 30_000},
		);
		assert.equal(run.status, 0, run.stderr);
		assert.equal(run.stderr, '');
		assert.deepEqual(JSON.parse(run.stdout), {
			start: [true, true],
			small: [false, false],
			big: [true, true],
			unknown: [true, true],
		});
	});
});

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

	it('caps how much TurboFan inlines', () => {
		// Six callees of a few hundred bytes of bytecode, called from one function optimized at
		// once (natives syntax): V8 inlines two of them by default, none under the cap
		// (--trace-turbo-inlining prints a line per function inlined).
		const inlined = (cap: boolean) => {
			const run = spawnSync(
				process.execPath,
				['--allow-natives-syntax', '--import', TS_LOADER, '--input-type=module', '-e', INLINING(cap)],
				{encoding: 'utf8', timeout: 30_000},
			);
			assert.equal(run.status, 0, run.stderr);
			return run.stdout.split('\n').filter((line) => line.startsWith('Inlining')).length;
		};
		const capped = inlined(true);
		const uncapped = inlined(false);
		assert.ok(uncapped > 0, 'the workload gets inlined at all');
		assert.ok(capped < uncapped, `inlined: ${capped} capped, ${uncapped} by default`);
	});
});

function INLINING(cap: boolean): string {
	return `
import {setFlagsFromString} from 'node:v8';
const {optimizeForTable} = await import(${JSON.stringify(MODULE)});
if (${cap}) optimizeForTable(null);
const body = Array.from({length: 12}, (_, i) => 'if (x > ' + i + ') s += x * ' + i + ' + (s >> 1) - ' + i + ';').join(' ');
const callees = Array.from({length: 6}, (_, k) => new Function('x', 'let s = ' + k + '; ' + body + ' return s;'));
const caller = new Function('c', 'x', 'return c[0](x) + c[1](x) + c[2](x) + c[3](x) + c[4](x) + c[5](x);');
new Function('f', '%PrepareFunctionForOptimization(f)')(caller);
let total = 0;
for (let i = 0; i < 100; i++) total += caller(callees, i & 15);
setFlagsFromString('--trace-turbo-inlining');
new Function('f', '%OptimizeFunctionOnNextCall(f)')(caller);
total += caller(callees, 3);
console.log('done', total > 0);
`;
}

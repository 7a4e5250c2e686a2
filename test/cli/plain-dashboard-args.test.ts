// cli.tsx parses a plain dashboard command line (`--netns NAME`, `--no-color`, `--read-only`,
// `--bell`) without loading meow (source/cli/plain-dashboard-args.ts). Only right if the
// answer is meow's: checked for every command line the fast path accepts here, in every
// order, and on random command lines built from words near them.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {parseArgs} from '../../source/cli/options.js';
import {plainDashboardOptions} from '../../source/cli/plain-dashboard-args.js';

function orderings(words: readonly string[][]): string[][][] {
	if (words.length <= 1) return [words.map((word) => [...word])];
	return words.flatMap((word, i) =>
		orderings([...words.slice(0, i), ...words.slice(i + 1)]).map((rest) => [[...word], ...rest]),
	);
}

function assertSameAsMeow(argv: readonly string[]): boolean {
	const fast = plainDashboardOptions(argv);
	if (fast === null) return false;
	assert.deepEqual(fast, parseArgs(argv), argv.join(' '));
	return true;
}

describe('plain dashboard without meow', () => {
	it('gives meow’s options for every ordering of --netns, --no-color, --read-only and --bell', () => {
		const optional = [['--netns', 'host'], ['--no-color'], ['--read-only'], ['--bell']];
		let accepted = 0;
		for (let mask = 0; mask < 1 << optional.length; mask++) {
			const chosen = optional.filter((_, i) => mask & (1 << i));
			for (const argv of orderings(chosen)) if (assertSameAsMeow(argv.flat())) accepted++;
		}
		assert.equal(accepted, 1 + 4 + 12 + 24 + 24, 'every one accepted');
		for (const netns of ['all', 'host', '4026531840', 'fr-ns_1.a', '--netns=host'])
			assert.ok(assertSameAsMeow(netns.startsWith('--') ? [netns] : ['--netns', netns]), netns);
	});

	it('declines what it does not know, leaving it (and its error message) to meow', () => {
		for (const argv of [
			['--netns'],
			['--netns', '..'],
			['--netns', 'a/b'],
			['--netns='],
			['--bell', '--bell'],
			['--netns', 'host', '--netns', 'all'],
			['--once'],
			['--json'],
			['--filter', 'port:22'],
			['--interval', '5'],
			['-i', '5'],
			['--color'],
			['--host', 'a'],
			['foo'],
			['--help'],
			['--version'],
		])
			assert.equal(plainDashboardOptions(argv), null, argv.join(' '));
	});

	it('on random command lines: declines, or gives meow’s answer', () => {
		const word = fc.constantFrom(
			'--netns',
			'host',
			'all',
			'..',
			'x/y',
			'--netns=all',
			'--no-color',
			'--color',
			'--read-only',
			'--bell',
			'--once',
			'-i',
			'3',
			'--filter',
			'',
		);
		fc.assert(
			fc.property(fc.array(word, {maxLength: 6}), (argv) => {
				assertSameAsMeow(argv);
			}),
			{numRuns: 300},
		);
	});
});

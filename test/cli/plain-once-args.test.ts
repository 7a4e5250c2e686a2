// cli.tsx parses a plain `--once` (with `--json`, `--no-color`, `--timeout MS`) without
// loading meow (source/cli/once-prefetch-args.ts). That is only right if the answer is the
// one meow's parse gives: checked here for every command line the fast path accepts, over
// every ordering of its words and random command lines built from words near them.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {plainOnceOptions} from '../../source/cli/once-prefetch-args.js';
import {parseArgs} from '../../source/cli/options.js';

/** Every ordering of `words`. */
function orderings(words: readonly string[][]): string[][][] {
	if (words.length <= 1) return [words.map((word) => [...word])];
	return words.flatMap((word, i) =>
		orderings([...words.slice(0, i), ...words.slice(i + 1)]).map((rest) => [[...word], ...rest]),
	);
}

/** Fails unless the fast path either declines or gives exactly meow's answer. */
function assertSameAsMeow(argv: readonly string[]): boolean {
	const fast = plainOnceOptions(argv);
	if (fast === null) return false;
	assert.deepEqual(fast, parseArgs(argv), argv.join(' '));
	return true;
}

describe('plain --once without meow', () => {
	it('gives meow’s options for every ordering of --once, --json, --no-color and --timeout', () => {
		const optional = [
			['--json'],
			['--no-color'],
			['--timeout', '60000'],
			['--timeout=1'],
			['--timeout', '86400000'],
		];
		let accepted = 0;
		for (let mask = 0; mask < 1 << optional.length; mask++) {
			const chosen = optional.filter((_, i) => mask & (1 << i));
			for (const words of orderings([['--once'], ...chosen])) {
				const argv = words.flat();
				const twoTimeouts = chosen.filter((word) => word[0]!.startsWith('--timeout')).length > 1;
				assert.equal(assertSameAsMeow(argv), !twoTimeouts, argv.join(' '));
				if (!twoTimeouts) accepted++;
			}
		}
		assert.ok(accepted > 100, `${accepted} command lines compared`);
		// Concretely, the bench's command lines:
		assert.deepEqual(plainOnceOptions(['--once', '--timeout', '60000'])?.options.timeoutMs, 60000);
		assert.equal(plainOnceOptions(['--once', '--json'])?.options.json, true);
		assert.equal(plainOnceOptions(['--once'])?.options.color, true);
	});

	it('leaves everything else to meow, mistakes included (their messages are meow’s path’s)', () => {
		for (const argv of [
			[],
			['--json'],
			['--no-color'],
			['--timeout', '5'],
			['--once', '--once'],
			['--once', '--json', '--json'],
			['--once', '--timeout'],
			['--once', '--timeout='],
			['--once', '--timeout', '0'],
			['--once', '--timeout', '86400001'],
			['--once', '--timeout', 'abc'],
			['--once', '--timeout', '--json'],
			['--once', '--timeout', '-5'],
			['--once', '--timeout', '1', '--timeout', '2'],
			['--once', '--filter', 'port:22'],
			['--once', '-f', 'port:22'],
			['--once', '--interval', '500'],
			['--once', '--color'],
			['--once', '--format', 'json'],
			['--once', '--help'],
			['--once', '--version'],
			['--once', '--bogus'],
			['--once', 'extra'],
			['--once', '--'],
			['--once=true'],
			['--ONCE'],
			['scan', '--once'],
		])
			assert.equal(plainOnceOptions(argv), null, argv.join(' '));
	});

	it('random command lines: declined, or exactly meow’s answer', () => {
		const word = fc.constantFrom(
			'--once',
			'--json',
			'--no-color',
			'--color',
			'--timeout',
			'--timeout=60000',
			'--timeout=0',
			'60000',
			'007',
			'1',
			'0',
			'86400000',
			'86400001',
			'-5',
			'',
			'--',
			'-i',
			'--read-only',
			'x',
		);
		let accepted = 0;
		fc.assert(
			fc.property(fc.array(word, {maxLength: 6}), (argv) => {
				if (assertSameAsMeow(argv)) accepted++;
			}),
			{numRuns: 3000, seed: 10},
		);
		assert.ok(accepted > 50, `${accepted} accepted command lines compared`);
	});
});

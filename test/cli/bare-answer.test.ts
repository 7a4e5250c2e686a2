import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {BARE_WORDS, bareAnswer} from '../../source/cli/bare-answer.js';
import {HELP_TEXT} from '../../source/cli/help-text.js';
import {parseArgs} from '../../source/cli/options.js';

// cli.tsx answers a bare `--version` / `--help` before loading meow: the answer must be
// the one meow's parse gives, and nothing else may skip meow.
describe('bare --version and --help', () => {
	it('give the answer meow gives for the same command line', () => {
		assert.deepEqual([...BARE_WORDS].sort(), ['--help', '--version', '-h', '-v']);
		for (const word of BARE_WORDS) {
			const parsed = parseArgs([word]);
			assert.equal(bareAnswer([word]), parsed.kind, word);
			if (parsed.kind === 'help') assert.equal(parsed.text, HELP_TEXT);
		}
	});

	it('leave every other command line to meow', () => {
		for (const argv of [
			[],
			['--once'],
			['--help', '--once'],
			['--version', '--bogus'],
			['-hv'],
			['--version=1'],
			['--Version'],
			['scan', '--help'],
			['--', '--version'],
			['version'],
		])
			assert.equal(bareAnswer(argv), null, argv.join(' '));
		// meow still rejects what the bare words do not cover.
		assert.equal(parseArgs(['--version', '--bogus']).kind, 'error');
	});
});

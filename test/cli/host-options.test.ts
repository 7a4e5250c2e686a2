import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {parseArgs} from '../../source/cli/options.js';

describe('--host and --no-local', () => {
	const options = (argv: string[]) => {
		const parsed = parseArgs(argv);
		assert.equal(parsed.kind, 'run', JSON.stringify(parsed));
		return parsed.kind === 'run' ? parsed.options : null;
	};

	it('is repeatable, keeps the order, drops duplicates; local is this machine', () => {
		const parsed = options(['--host', 'web1', '--host=user@db', '--host', 'web1', '--host', 'local']);
		assert.deepEqual([parsed?.hosts, parsed?.local], [['web1', 'user@db'], true]);
	});

	it('--no-local leaves this machine out, unless --host local names it', () => {
		assert.deepEqual(options(['--no-local', '--host', 'a'])?.local, false);
		assert.deepEqual(options(['--no-local', '--host', 'a', '--host', 'local'])?.local, true);
	});

	it('refuses what ssh would read as an option, spaces, an empty destination, --no-local alone', () => {
		for (const [argv, message] of [
			[['--host', '-oProxyCommand=x'], /needs a value|cannot start with "-"/],
			[['--host=-oProxyCommand=x'], /cannot start with "-"/],
			[['--host', 'a b'], /no spaces/],
			[['--host='], /needs a value/],
			[['--no-local'], /--no-local needs a --host/],
		] as const) {
			const parsed = parseArgs([...argv]);
			assert.equal(parsed.kind, 'error', JSON.stringify(argv));
			if (parsed.kind === 'error') assert.match(parsed.message, message);
		}
	});
});

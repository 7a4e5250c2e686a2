import assert from 'node:assert/strict';
import {test} from 'node:test';
import {onceReadsAllOwners} from '../../source/cli/once-prefetch-args.js';

test('a plain --once (with flags that do not narrow the owners wanted) prefetches the walk', () => {
	for (const argv of [
		['--once'],
		['--once', '--json'],
		['--json', '--once', '--timeout', '30000'],
		['--once', '--timeout=500', '--no-color'],
		['--once', '--netns', 'host'],
		['-i', '500', '--once'],
	])
		assert.equal(onceReadsAllOwners(argv), true, argv.join(' '));
});

test('anything else does not: no --once, a filter, hosts, another source, metrics, unknown flags, commands', () => {
	for (const argv of [
		[],
		['--json'],
		['--once', '--filter', 'port:22'],
		['--once', '--filter=port:22'],
		['--once', '-f', 'port:22'],
		['--once', '--host', 'a'],
		['--once', '--source', 'netstat'],
		['--once', '--format', 'prometheus'],
		['--once', '--help'],
		['--once', '--bogus'],
		['scan', '--once'],
		// a value that looks like --once is a value, not the flag
		['--timeout', '--once'],
	])
		assert.equal(onceReadsAllOwners(argv), false, argv.join(' '));
});

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {DEFAULT_INTERVAL_MS, parseArgs} from '../../source/cli/options.js';

function errorOf(argv: string[]): string {
	const parsed = parseArgs(argv);
	assert.equal(parsed.kind, 'error', `expected ${JSON.stringify(argv)} to be rejected`);
	const message = parsed.kind === 'error' ? parsed.message : '';
	assert.ok(!message.includes('\n'), 'one line');
	return message;
}

describe('command-line options', () => {
	it('has sensible defaults', () => {
		const parsed = parseArgs([]);
		assert.equal(parsed.kind, 'run');
		if (parsed.kind !== 'run') return;
		assert.equal(parsed.options.intervalMs, DEFAULT_INTERVAL_MS);
		assert.equal(parsed.options.source, 'auto');
		assert.equal(parsed.options.once, false);
		assert.equal(parsed.options.color, true);
	});

	it('reads every flag', () => {
		const parsed = parseArgs([
			'--once',
			'--json',
			'-f',
			'proc:nginx',
			'-i',
			'500',
			'--timeout',
			'3000',
			'--source',
			'netstat',
			'--no-color',
			'--read-only',
			'--bell',
			'--netns',
			'sns-a',
		]);
		assert.equal(parsed.kind, 'run');
		if (parsed.kind !== 'run') return;
		assert.deepEqual(parsed.options, {
			once: true,
			json: true,
			filter: 'proc:nginx',
			intervalMs: 500,
			timeoutMs: 3000,
			source: 'netstat',
			color: false,
			readOnly: true,
			bell: true,
			metrics: null,
			output: null,
			netns: 'sns-a',
			log: null,
			alerts: [],
			alertExec: null,
			hosts: [],
			local: true,
		});
	});

	it('rejects bad values with one line naming the problem', () => {
		assert.match(errorOf(['--interval', 'abc']), /--interval expects a whole number/);
		assert.match(errorOf(['--interval', '100']), /--interval must be between 200 and 86400000 ms/);
		assert.match(errorOf(['--interval', '-5']), /--interval/);
		assert.match(errorOf(['--interval', '1.5']), /--interval expects/);
		assert.match(
			errorOf(['--interval', '99999999999']),
			/--interval must be between 200 and 86400000 ms \(one day\)/,
		);
		assert.match(errorOf(['--interval']), /--interval needs a value/);
		assert.match(errorOf(['--interval', '--once']), /--interval needs a value/);
		assert.match(errorOf(['--timeout', 'x']), /--timeout expects/);
		assert.match(errorOf(['--source', 'foo']), /--source must be auto, procfs or netstat, got "foo"/);
		assert.match(errorOf(['--source']), /--source needs a value/);
		assert.match(
			errorOf(['--netns', '../x']),
			/--netns must be all, host, a namespace id or an ip netns name/,
		);
		assert.match(errorOf(['--netns']), /--netns needs a value/);
		assert.match(errorOf(['--filter', 'pid:abc']), /--filter: pid: expects a number/);
		assert.match(errorOf(['--frobnicate']), /unknown option --frobnicate/);
		assert.match(errorOf(['--readonly']), /unknown option --readonly/);
		assert.match(errorOf(['stray']), /unexpected argument "stray"/);
		assert.match(errorOf(['--interval', '300', '--interval', 'abc']), /--interval/);
		assert.match(errorOf(['--source=procfs', '--source=bad']), /--source/);
		assert.match(errorOf(['-x']), /unknown option -x /);
		assert.match(
			errorOf(['--once', '--log', '/tmp/x']),
			/--log works in the dashboard only, not with --once/,
		);
		assert.match(
			errorOf(['--json', '--alert', 'new-listener']),
			/--alert works in the dashboard only, not with --json/,
		);
		assert.match(errorOf(['--once', '--alert-exec', 'true']), /--alert-exec works in the dashboard only/);
	});

	it('refuses what meow alone would let through', () => {
		// meow reads `--once=yes` as false, `--no-once` as a negation, `-fVALUE` as switches
		// (the filter lost), and throws a multi-line error for a value flag given twice.
		assert.match(errorOf(['--once=yes']), /--once takes no value/);
		assert.match(errorOf(['--no-once']), /unknown option --no-once/);
		assert.match(errorOf(['--readOnly']), /unknown option --readOnly/);
		assert.match(errorOf(['--filter', '']), /--filter needs a value/);
		assert.match(errorOf(['--interval=']), /--interval needs a value/);
		assert.match(
			errorOf(['-i', '300', '-i', '400']),
			/--interval can only be set once \(see socktop --help\)$/,
		);
		const attached = parseArgs(['-fproc:nginx', '-i500']);
		assert.equal(attached.kind, 'run');
		if (attached.kind !== 'run') return;
		assert.equal(attached.options.filter, 'proc:nginx');
		assert.equal(attached.options.intervalMs, 500);
	});

	it('recognises help, version and the scan subcommand', () => {
		assert.equal(parseArgs(['--help']).kind, 'help');
		assert.equal(parseArgs(['-h']).kind, 'help');
		assert.equal(parseArgs(['--version']).kind, 'version');
		assert.deepEqual(parseArgs(['scan', '127.0.0.1', '--ports', 'top100']), {
			kind: 'scan',
			argv: ['127.0.0.1', '--ports', 'top100'],
		});
	});
});

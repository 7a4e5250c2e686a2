import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {parseArgs} from '../../source/cli/options.js';

const options = (argv: string[]) => {
	const parsed = parseArgs(argv);
	assert.equal(parsed.kind, 'run', JSON.stringify(parsed));
	return parsed.kind === 'run' ? parsed.options : null!;
};
const error = (argv: string[]) => {
	const parsed = parseArgs(argv);
	assert.equal(parsed.kind, 'error', argv.join(' '));
	return parsed.kind === 'error' ? parsed.message : '';
};

describe('--format and --output', () => {
	it('--once --format openmetrics|prometheus, with or without --output', () => {
		assert.deepEqual(
			[
				options(['--once', '--format', 'openmetrics']).metrics,
				options(['--once', '--format=prometheus']).metrics,
			],
			['openmetrics', 'prometheus'],
		);
		const withFile = options(['--once', '--format', 'openmetrics', '--output', '/tmp/x.prom']);
		assert.equal(withFile.output, '/tmp/x.prom');
		assert.equal(withFile.json, false);
		assert.equal(options(['--once']).metrics, null);
		assert.equal(options(['--once']).output, null);
	});

	it('--format json is --json; table is the default', () => {
		assert.equal(options(['--once', '--format', 'json']).json, true);
		assert.equal(options(['--once', '--format', 'table']).json, false);
		assert.equal(options(['--once', '--json', '--format', 'json']).json, true);
	});

	it('mistakes, one line each', () => {
		assert.match(
			error(['--format', 'openmetrics']),
			/--format openmetrics needs --once \(or serve it: socktop exporter\)/,
		);
		assert.match(
			error(['--once', '--format', 'xml']),
			/--format must be table, json, openmetrics or prometheus, got "xml"/,
		);
		assert.match(
			error(['--once', '--json', '--format', 'openmetrics']),
			/--json and --format openmetrics disagree/,
		);
		assert.match(
			error(['--once', '--output', 'x.prom']),
			/--output needs --format openmetrics or prometheus/,
		);
		assert.match(error(['--once', '--format']), /--format needs a value/);
	});

	it('exporter is a command of its own', () => {
		assert.deepEqual(parseArgs(['exporter', '--listen', '9464']), {
			kind: 'exporter',
			argv: ['--listen', '9464'],
		});
	});
});

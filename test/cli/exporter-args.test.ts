import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {parseExporterArgs, parseListen} from '../../source/cli/exporter-args.js';

describe('parseListen', () => {
	it('takes IP literals and ports; a port alone means loopback', () => {
		assert.deepEqual(parseListen('127.0.0.1:9464'), {host: '127.0.0.1', port: 9464, loopback: true});
		assert.deepEqual(parseListen('9464'), {host: '127.0.0.1', port: 9464, loopback: true});
		assert.deepEqual(parseListen('[::1]:0'), {host: '::1', port: 0, loopback: true});
		assert.deepEqual(parseListen('0.0.0.0:9464'), {host: '0.0.0.0', port: 9464, loopback: false});
		assert.deepEqual(parseListen('[::]:9464'), {host: '::', port: 9464, loopback: false});
		assert.deepEqual(parseListen('10.1.2.3:9464'), {host: '10.1.2.3', port: 9464, loopback: false});
	});

	it('refuses, in one line, what would listen somewhere the user did not write out, or ask a resolver', () => {
		assert.match(parseListen(':9464') as string, /every interface: write 0\.0\.0\.0:9464 or \[::\]:9464/);
		assert.match(parseListen('localhost:9464') as string, /IP address, not a name, got "localhost"/);
		assert.match(parseListen('::1:9464') as string, /expects ADDRESS:PORT/);
		assert.match(parseListen('[::1]') as string, /expects ADDRESS:PORT/);
		assert.match(parseListen('127.0.0.1:65536') as string, /between 0 and 65535/);
		assert.match(parseListen('127.0.0.1:') as string, /expects ADDRESS:PORT/);
	});
});

describe('parseExporterArgs', () => {
	it('defaults: loopback 9464, the dashboard interval, auto source, no filter', () => {
		assert.deepEqual(parseExporterArgs([]), {
			kind: 'run',
			args: {
				listen: {host: '127.0.0.1', port: 9464, loopback: true},
				intervalMs: 2000,
				timeoutMs: null,
				source: 'auto',
				filter: '',
			},
		});
	});

	it('reads every flag, = forms too', () => {
		const parsed = parseExporterArgs([
			'--listen=[::1]:9100',
			'-i',
			'500',
			'--timeout',
			'3000',
			'--source',
			'netstat',
			'-f',
			'proto:tcp',
		]);
		assert.deepEqual(parsed, {
			kind: 'run',
			args: {
				listen: {host: '::1', port: 9100, loopback: true},
				intervalMs: 500,
				timeoutMs: 3000,
				source: 'netstat',
				filter: 'proto:tcp',
			},
		});
		assert.deepEqual(parseExporterArgs(['--help']), {kind: 'help'});
	});

	it('each mistake is one line', () => {
		const message = (argv: string[]) => {
			const parsed = parseExporterArgs(argv);
			assert.equal(parsed.kind, 'error', argv.join(' '));
			return parsed.kind === 'error' ? parsed.message : '';
		};
		assert.match(message(['--bogus']), /unknown option --bogus/);
		assert.match(message(['extra']), /unexpected argument "extra"/);
		assert.match(message(['--listen']), /--listen needs a value/);
		assert.match(message(['--interval', '50']), /--interval must be between 200/);
		assert.match(message(['--source', 'x']), /--source must be auto, procfs or netstat/);
		assert.match(message(['--filter', 'state:bogus']), /--filter: state: unknown state/);
		assert.match(message(['--listen', '1', '--listen', '2']), /--listen given twice/);
		for (const argv of [['--bogus'], ['--listen', 'localhost:1']]) assert.doesNotMatch(message(argv), /\n/);
	});
});

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {LINUX_NOT_FOUND, netstatCommands} from '../../../source/sources/netstat/netstat-command.js';
import {SourceError} from '../../../source/sources/source.js';

describe('netstatCommands', () => {
	const env = {PATH: '/usr/bin', LANG: 'de_DE.UTF-8'};

	test('Linux: one wide, extended, numeric run', () => {
		const commands = netstatCommands('linux', env);
		assert.deepEqual(commands.runs, [{file: 'netstat', args: ['-tunapWe']}]);
		assert.equal(commands.processNames, null);
		assert.equal(commands.notFound, LINUX_NOT_FOUND);
	});

	test('the C locale is forced, the rest of the environment kept', () => {
		assert.deepEqual(netstatCommands('linux', env).env, {PATH: '/usr/bin', LANG: 'C', LC_ALL: 'C'});
	});

	test('macOS and FreeBSD: one run per protocol', () => {
		assert.deepEqual(
			netstatCommands('darwin', env).runs.map((run) => [run.file, ...run.args]),
			[
				['netstat', '-anvW', '-p', 'tcp'],
				['netstat', '-anvW', '-p', 'udp'],
			],
		);
		assert.deepEqual(
			netstatCommands('freebsd', env).runs.map((run) => run.args.join(' ')),
			['-an -W -p tcp', '-an -W -p udp'],
		);
	});

	test('Windows: netstat.exe -a -n -o, names from tasklist', () => {
		const commands = netstatCommands('win32', env);
		assert.deepEqual(commands.runs, [{file: 'netstat.exe', args: ['-a', '-n', '-o']}]);
		assert.deepEqual(commands.processNames, {file: 'tasklist.exe', args: ['/FO', 'CSV', '/NH']});
	});

	test('other platforms: a one-line UNSUPPORTED error', () => {
		assert.throws(
			() => netstatCommands('aix', env),
			(error: unknown) =>
				error instanceof SourceError && error.code === 'UNSUPPORTED' && !error.message.includes('\n'),
		);
	});
});

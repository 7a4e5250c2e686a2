// A remote row's details (`--host`): `socktop details PID` on that host (its output, with the
// protocol hello), and the reader here that runs it over ssh and reads what it printed.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runDetailsCommand} from '../../../source/cli/details-command.js';
import {
	createRemoteDetails,
	parseRemoteDetails,
	remoteDetailsCommand,
} from '../../../source/sources/remote/remote-details.js';
import type {SshCapability} from '../../../source/sources/remote/ssh-capability.js';

const sink = () => {
	let text = '';
	return {write: (chunk: string) => (text += chunk), text: () => text};
};

describe('socktop details PID (the remote side)', () => {
	it('prints the hello (with SOCKTOP_PROTOCOL) then the process event', async () => {
		const out = sink();
		const err = sink();
		const code = await runDetailsCommand(
			['42'],
			{stdout: out, stderr: err},
			{SOCKTOP_PROTOCOL: '1'},
			async (pid) => ({
				pid,
				command: 'nginx: master "x"',
				user: 'www',
				ppid: 1,
			}),
		);
		assert.equal(code, 0);
		assert.deepEqual(
			out
				.text()
				.trim()
				.split('\n')
				.map((line) => JSON.parse(line)),
			[
				{event: 'hello', protocol: 1},
				{event: 'process', pid: 42, command: 'nginx: master "x"', user: 'www', ppid: 1},
			],
		);
	});
	it('says gone for a process it cannot read, and refuses what is not a pid', async () => {
		const out = sink();
		assert.equal(await runDetailsCommand(['7'], {stdout: out, stderr: sink()}, {}, async () => null), 0);
		assert.deepEqual(JSON.parse(out.text()), {event: 'process', pid: 7, gone: true});
		for (const argv of [[], ['0'], ['-1'], ['1;rm'], ['1', '2']]) {
			const err = sink();
			assert.equal(await runDetailsCommand(argv, {stdout: sink(), stderr: err}, {}, async () => null), 2);
			assert.match(err.text(), /usage: socktop details PID/);
		}
	});
});

describe('parseRemoteDetails / createRemoteDetails (this side)', () => {
	const ok = (stdout: string) => ({code: 0, stdout, stderr: ''});
	it('reads the details after a hello of this protocol', () => {
		const stdout =
			'{"event":"hello","protocol":1}\n{"event":"process","pid":5,"command":"ho-peer","user":"root","ppid":0}\n';
		assert.deepEqual(parseRemoteDetails(ok(stdout), 'a', 5), {
			pid: 5,
			command: 'ho-peer',
			user: 'root',
			ppid: 0,
		});
		assert.equal(
			parseRemoteDetails(
				ok('{"event":"hello","protocol":1}\n{"event":"process","pid":5,"gone":true}\n'),
				'a',
				5,
			),
			null,
		);
	});
	it('says why not: ssh failed, no socktop there, another protocol, another pid', () => {
		const why = (result: {code: number | null; stdout: string; stderr: string}) => {
			const parsed = parseRemoteDetails(result, 'a', 5);
			return parsed !== null && 'unavailable' in parsed ? parsed.unavailable : parsed;
		};
		assert.equal(
			why({code: 255, stdout: '', stderr: 'ssh: connect to host a: Connection refused\n'}),
			'ssh to a failed: ssh: connect to host a: Connection refused',
		);
		assert.equal(why({code: 127, stdout: '', stderr: 'sh: socktop: not found\n'}), "no socktop on a's PATH");
		assert.equal(
			why(ok('{"event":"hello","protocol":9}\n{"event":"process","pid":5}\n')),
			"a's socktop does not speak protocol 1",
		);
		assert.equal(
			why(ok('{"event":"hello","protocol":1}\n{"event":"process","pid":6,"command":"x"}\n')),
			"a's socktop gave no details (an older version?)",
		);
	});
	it('runs one fixed command with a checked pid, over the given ssh', async () => {
		assert.equal(remoteDetailsCommand(1200), 'SOCKTOP_PROTOCOL=1 socktop details 1200');
		assert.equal(remoteDetailsCommand(0), null);
		assert.equal(remoteDetailsCommand(1.5), null);
		const runs: string[] = [];
		const ssh: SshCapability = {
			open: () => {
				throw new Error('not used');
			},
			run: async (dest, command) => {
				runs.push(`${dest}: ${command}`);
				return ok(
					'{"event":"hello","protocol":1}\n{"event":"process","pid":9,"command":"sleep 1","user":"u","ppid":1}\n',
				);
			},
		};
		const reader = createRemoteDetails(ssh);
		assert.deepEqual(await reader.read('web1', 9), {pid: 9, command: 'sleep 1', user: 'u', ppid: 1});
		assert.deepEqual(await reader.read('-oProxyCommand=x', 9), {unavailable: 'pid 9 on -oProxyCommand=x'});
		assert.deepEqual(runs, ['web1: SOCKTOP_PROTOCOL=1 socktop details 9']);
	});
});

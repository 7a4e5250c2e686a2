import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runOnce} from '../../source/cli/run-once.js';
import {SourceError} from '../../source/sources/source.js';
import {capture} from '../helpers/capture.js';
import {FakeSource} from '../helpers/fake-source.js';
import {rec} from '../helpers/records.js';

const records = [
	rec({localAddress: '::', family: 6, localPort: 22, pid: 1, process: 'sshd', user: 'root', uid: 0}),
	rec({
		localPort: 5000,
		remoteAddress: 'fe80::1%eth0',
		family: 6,
		localAddress: 'fe80::2%eth0',
		remotePort: 443,
		state: 'ESTABLISHED',
		pid: 7,
		process: 'my long process name',
	}),
	rec({proto: 'udp', localAddress: '0.0.0.0', localPort: 53, state: 'UNCONN'}),
];

async function run(json: boolean, filter = '', source = new FakeSource([{records}])) {
	const out = capture();
	const err = capture();
	const code = await runOnce(
		source,
		{json, filter, timeoutMs: 1000},
		{stdout: out.stream, stderr: err.stream},
	);
	return {code, out, err};
}

describe('socktop --once', () => {
	it('prints a readable table with every socket, listeners first, nothing truncated', async () => {
		const {code, out} = await run(false);
		assert.equal(code, 0);
		const lines = out.lines();
		assert.match(lines[0]!, /^PROTO\s+LOCAL\s+REMOTE\s+STATE\s+PID\s+PROCESS\s+USER$/);
		assert.equal(lines.length, 4);
		assert.match(lines[1]!, /^tcp6\s+\[::\]:22\s+\*\s+LISTEN\s+1\s+sshd\s+root$/);
		assert.match(lines[2]!, /^udp4\s+0\.0\.0\.0:53\s+\*\s+UNCONN\s+-\s+-\s+-$/);
		assert.match(lines[3]!, /\[fe80::1%eth0\]:443\s+ESTABLISHED\s+7\s+my long process name/);
	});

	it('prints one JSON object per socket with every field', async () => {
		const {code, out} = await run(true);
		assert.equal(code, 0);
		const objects = out.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
		assert.equal(objects.length, 3);
		assert.deepEqual(Object.keys(objects[0]!), [
			'proto',
			'family',
			'localAddress',
			'localPort',
			'remoteAddress',
			'remotePort',
			'state',
			'pid',
			'process',
			'owners',
			'uid',
			'user',
			'inode',
			'host',
			'netns',
			'container',
			'containerId',
			'bytesSent',
			'bytesReceived',
			'acceptQueue',
			'backlog',
			'saturated',
		]);
		assert.deepEqual(objects[1], {
			proto: 'udp',
			family: 4,
			localAddress: '0.0.0.0',
			localPort: 53,
			remoteAddress: null,
			remotePort: null,
			state: 'UNCONN',
			pid: null,
			process: null,
			owners: [],
			uid: null,
			user: null,
			inode: null,
			host: 'local',
			netns: null,
			container: null,
			containerId: null,
			bytesSent: null,
			bytesReceived: null,
			acceptQueue: null,
			backlog: null,
			saturated: null,
		});
	});

	it('applies the filter', async () => {
		const {out} = await run(true, 'proto:udp');
		assert.equal(out.lines().length, 1);
	});

	it('prints one line and exits 1 when the source fails', async () => {
		const failing = new FakeSource([{error: new SourceError('ENOENT', 'netstat was not found on PATH')}]);
		const {code, out, err} = await run(false, '', failing);
		assert.equal(code, 1);
		assert.equal(out.text(), '');
		assert.equal(err.text(), 'socktop: netstat was not found on PATH\n');
	});

	it('gives up on a source that hangs', async () => {
		const hanging = new FakeSource([{hang: true}]);
		const out = capture();
		const err = capture();
		const code = await runOnce(
			hanging,
			{json: false, filter: '', timeoutMs: 50},
			{stdout: out.stream, stderr: err.stream},
		);
		assert.equal(code, 1);
		assert.equal(err.lines().length, 1);
	});

	it('never prints control characters from process names', async () => {
		const evil = [rec({localPort: 4567, pid: 66, process: '\x1b[2J\x1b[31mEVIL\x07\x9b'})];
		const {out} = await run(false, '', new FakeSource([{records: evil}]));
		assert.ok(!/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(out.text()), JSON.stringify(out.text()));
		assert.match(out.text(), /\?\[2J\?\[31mEVIL\?\?/);
	});
});

describe('socktop --once: sockets without a known owner', () => {
	const hidden = (port: number) =>
		rec({localPort: port, remoteAddress: '127.0.0.1', remotePort: 40_000, state: 'ESTABLISHED', inode: port});
	const timeWait = rec({localPort: 7, remoteAddress: '127.0.0.1', remotePort: 1, state: 'TIME_WAIT'});

	async function note(filter: string, cause: 'not-root' | 'hidden-from-root') {
		const source = {
			name: 'procfs' as const,
			read: async () => ({
				records: [hidden(5001), hidden(5002), timeWait, records[0]!],
				unattributed: 2,
				unattributedCause: cause,
				skippedLines: 0,
				warnings: [],
			}),
		};
		const err = capture();
		const code = await runOnce(
			source,
			{json: true, filter, timeoutMs: 1000},
			{stdout: capture().stream, stderr: err.stream},
		);
		assert.equal(code, 0);
		return err.text();
	}

	it('counts them among the sockets printed and names the cause', async () => {
		assert.equal(
			await note('', 'not-root'),
			"socktop: 2 sockets have no known owner: not root, other users' processes are hidden (run with sudo)\n",
		);
		assert.equal(
			await note('port:5001', 'hidden-from-root'),
			"socktop: 1 socket has no known owner: running as root, yet its owner's /proc/<pid>/fd cannot be read (another PID namespace, a sandbox or hidepid), or it opened or closed during the read\n",
		);
		assert.equal(await note('port:22', 'not-root'), '', 'none of them printed: nothing to say');
	});
});

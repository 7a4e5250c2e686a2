// The pure readers of what a --host link receives: ss output (fallback), the framed stream,
// a remote socktop's events, and ssh's failure messages.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {classifySshFailure} from '../../../source/sources/remote/host-link.js';
import {parseSs} from '../../../source/sources/remote/parse-ss.js';
import {FrameReader} from '../../../source/sources/remote/remote-frames.js';
import {parseRemoteEvent} from '../../../source/sources/remote/remote-json.js';
import {remoteScript} from '../../../source/sources/remote/remote-script.js';

const fixture = (name: string) =>
	readFileSync(new URL(`../../fixtures/e2e/${name}`, import.meta.url), 'utf8');

describe('parseSs', () => {
	it('reads TCP and UDP, IPv4, IPv6 and the dual-stack `*`, connected UDP, sockets without owners', () => {
		// `ss -tunapH` (iproute2 6.1.0) in a fresh network namespace, 2026-11-30, while a python3
		// held the sockets (listener, v6only and dual-stack listeners, connected and bound UDP).
		const {records, skippedLines} = parseSs(fixture('ss-tunapH-mixed.txt'));
		assert.equal(skippedLines, 0);
		const lines = records.map(
			(r) =>
				`${r.proto}${r.family} ${r.localAddress}:${r.localPort} ${r.remoteAddress}:${r.remotePort} ${r.state} ${r.pid ?? '-'}`,
		);
		assert.deepEqual(lines, [
			'udp4 127.0.0.1:57266 127.0.0.1:27204 ESTABLISHED 5704',
			'udp4 0.0.0.0:27204 null:null UNCONN 5704',
			'udp6 :::27205 null:null UNCONN 5704',
			'tcp4 127.0.0.1:27201 null:null LISTEN 5704',
			'tcp4 127.0.0.1:47744 127.0.0.1:27201 ESTABLISHED 5704',
			'tcp4 127.0.0.1:27201 127.0.0.1:47744 ESTABLISHED -',
			'tcp6 ::1:27203 null:null LISTEN 5704',
			'tcp6 :::27202 null:null LISTEN 5704',
			'tcp6 ::1:44432 ::1:27203 ESTABLISHED 5704',
			'tcp6 ::1:27203 ::1:44432 ESTABLISHED -',
		]);
		for (const record of records) assert.equal(record.host, 'local');
	});

	it('keeps a process name with a newline and quotes whole', () => {
		const {records} = parseSs(fixture('ss-tunapH-newline-name.txt'));
		assert.equal(records[0]!.process, 'sk\ntp "x" y');
		assert.equal(records.length, 4);
	});

	it('skips and counts what it cannot read, never throws', () => {
		const {records, skippedLines} = parseSs('tcp LISTEN 0 128 nonsense nonsense\ngarbage\n');
		assert.deepEqual([records.length, skippedLines], [0, 1]);
	});
});

describe('FrameReader', () => {
	it('ignores chatter before the mode line, reads tables in parts across chunk boundaries', () => {
		const reader = new FrameReader('@@M');
		const text =
			'motd line\n@@M mode fallback Darwin netstat\n@@M table\ntcp a\n@@M part\nudp b\nudp c\n@@M end\n';
		const events = [...text].flatMap((char) => reader.push(char));
		assert.deepEqual(events, [
			{type: 'mode', mode: {kind: 'fallback', os: 'Darwin', tool: 'netstat'}},
			{type: 'table', parts: ['tcp a', 'udp b\nudp c']},
		]);
	});

	it('takes a marker line only with its own marker (a process name cannot forge one)', () => {
		const reader = new FrameReader('@@M');
		const events = reader.push('@@M mode fallback Linux ss\n@@M table\n@@X end\nx\n@@M end\n');
		assert.deepEqual(events.at(-1), {type: 'table', parts: ['@@X end\nx']});
	});

	it('reads the one ss table a remote socktop link sends before its JSON events', () => {
		const reader = new FrameReader('@@M');
		const text =
			'@@M mode socktop\n@@M table\ntcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:*\n@@M end\n{"event":"hello","protocol":1}\n';
		assert.deepEqual(reader.push(text), [
			{type: 'mode', mode: {kind: 'socktop'}},
			{type: 'table', parts: ['tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:*']},
			{type: 'json', line: '{"event":"hello","protocol":1}'},
		]);
	});

	it('passes every line after `mode socktop` on as JSON', () => {
		const reader = new FrameReader('@@M');
		assert.deepEqual(reader.push('@@M mode socktop\n{"event":"hello","protocol":1}\n\n'), [
			{type: 'mode', mode: {kind: 'socktop'}},
			{type: 'json', line: '{"event":"hello","protocol":1}'},
		]);
	});
});

describe('parseRemoteEvent', () => {
	const open = {
		event: 'open',
		key: 'k1',
		proto: 'tcp',
		family: 4,
		localAddress: '127.0.0.1',
		localPort: 22,
		remoteAddress: null,
		remotePort: null,
		state: 'LISTEN',
		pid: 7,
		process: 'sshd',
		owners: [{pid: 7, process: 'sshd'}],
		uid: 0,
		user: 'root',
		inode: 5,
		host: 'local',
		netns: null,
		container: null,
	};
	it('turns open/change into records of the destination host, close into a key', () => {
		const event = parseRemoteEvent(JSON.stringify(open), 'web1');
		assert.equal(event?.type, 'upsert');
		if (event?.type === 'upsert')
			assert.deepEqual([event.key, event.record.host, event.record.pid], ['k1', 'web1', 7]);
		assert.deepEqual(parseRemoteEvent('{"event":"close","key":"k1"}', 'web1'), {type: 'close', key: 'k1'});
		assert.deepEqual(parseRemoteEvent('{"event":"hello","protocol":1}', 'web1'), {
			type: 'hello',
			protocol: 1,
		});
	});
	it('refuses what is not an event it knows', () => {
		for (const line of ['not json', 'null', '{"event":"open"}', JSON.stringify({...open, state: 'BOGUS'})])
			assert.equal(parseRemoteEvent(line, 'h'), null, line);
	});
});

describe('classifySshFailure', () => {
	it('reads the BatchMode messages of OpenSSH', () => {
		assert.equal(classifySshFailure('Host key verification failed.\r\n'), 'host-key');
		assert.equal(classifySshFailure('root@10.0.0.2: Permission denied (publickey).\n'), 'auth-failed');
		assert.equal(classifySshFailure('ssh: connect to host 10.0.0.2 port 22: Connection refused\n'), null);
		// Seen running as nobody with root's ssh config (tmux, 80×24): not a refused login.
		assert.equal(
			classifySshFailure("Can't open user config file /root/.ssh/config: Permission denied\n"),
			null,
		);
	});
});

describe('remoteScript', () => {
	it('is refused a marker that is not a plain word', () => {
		assert.throws(() => remoteScript({marker: 'a b', intervalMs: 2000, tryRemoteSocktop: true}));
	});
	it('skips the remote socktop once it spoke another protocol', () => {
		const script = remoteScript({marker: '@@m', intervalMs: 2000, tryRemoteSocktop: false});
		assert.doesNotMatch(script, /exec socktop/);
		assert.match(
			remoteScript({marker: '@@m', intervalMs: 2000, tryRemoteSocktop: true}),
			/SOCKTOP_PROTOCOL=1 exec socktop --json --interval 2000/,
		);
		// One ss table first (shown while the remote socktop reads its first table), with -e
		// and the user names as its second part (hosts-ss-sync.test.ts).
		assert.match(
			remoteScript({marker: '@@m', intervalMs: 2000, tryRemoteSocktop: true}),
			/mode socktop"; if command -v ss [^\n]*ss -tunapeH[^\n]*table[^\n]*part[^\n]*cut -d: -f1,3 \/etc\/passwd[^\n]*; fi; SOCKTOP_PROTOCOL=1 exec socktop/,
		);
	});
});

// The idle gate's premise, on the real kernel: in a network namespace of its own (nothing else
// in it), TCP's segment counters (/proc/net/snmp) stand still while connections are idle, an
// accept() changes a listener's queue without moving them (so the store also reads again when
// the socket table changes), and a transfer moves them along with the socket's bytes.
import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {parseSsTcp} from '../../source/sources/traffic/parse-ss-tcp.js';
import {parseTcpSnmp, sameSegments} from '../../source/sources/traffic/parse-tcp-snmp.js';
import {NOT_LINUX} from './helpers/paths.js';
import {hasCommand, run} from './helpers/process.js';

const PROBE = fileURLToPath(new URL('../fixtures/traffic/idle-gate-probe.py', import.meta.url));
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

const missing =
	NOT_LINUX ||
	(process.getuid?.() !== 0 ? 'needs root (a network namespace of its own)' : false) ||
	((await hasCommand('unshare')) ? false : 'unshare (util-linux) is not installed') ||
	((await hasCommand('ss')) ? false : 'ss (iproute2) is not installed') ||
	((await hasCommand(PYTHON)) ? false : 'python3 is not installed');

describe('TCP segment counters as the idle gate (real kernel)', {skip: missing}, () => {
	it('idle: unchanged; accept(): unchanged while the queue empties; a transfer: changed with the bytes', async () => {
		const result = await run(
			'unshare',
			['-n', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', PYTHON, PROBE],
			{timeoutMs: 20_000},
		);
		assert.equal(result.code, 0, result.stderr);
		const out = JSON.parse(result.stdout) as Record<string, string> & {port: number};
		const segments = (stage: string) => {
			const parsed = parseTcpSnmp(out[stage]!);
			assert.ok(parsed, `${stage}: /proc/net/snmp has the Tcp counters`);
			return parsed;
		};
		assert.ok(sameSegments(segments('connected'), segments('idle')), 'idle connection: no segment in 0.5 s');
		assert.ok(sameSegments(segments('idle'), segments('accepted')), 'accept() sends nothing');
		const queue = (text: string) => Number(text.trim().split(/\s+/)[1]);
		assert.deepEqual(
			[queue(out.listenBefore!), queue(out.listenAfter!)],
			[1, 0],
			'yet the accept queue emptied',
		);
		const sent = segments('sent');
		const before = segments('accepted');
		assert.ok(sent.inSegs > before.inSegs && sent.outSegs > before.outSegs, 'a transfer moves both counters');
		const server = parseSsTcp(out.counters!).sockets.find((socket) => socket.local.endsWith(`:${out.port}`));
		assert.equal(server?.bytesReceived, 1000);
	});
});

// Counters of another network namespace's connections (a container's), read as root with
// `nsenter --net=… ss`: `socktop --once --json` gives the bytes a connection inside a namespace
// moved, on its own row (its netns), where a run without root can only say null.
import assert from 'node:assert/strict';
import {statSync} from 'node:fs';
import {after, describe, it} from 'node:test';
import {runProcess} from '../helpers/netns.js';
import {jsonLines, runCli} from './helpers/cli.js';
import {NOT_LINUX} from './helpers/paths.js';
import {Child, hasCommand, uniqueToken} from './helpers/process.js';
import {waitFor} from './helpers/wait.js';

const skip =
	NOT_LINUX ||
	(process.getuid?.() !== 0 ? 'needs root (ip netns add, nsenter)' : false) ||
	((await hasCommand('ip')) ? false : 'ip (iproute2) is not installed');

const NS = `sd-to-${uniqueToken('', 4)}`;
const PORT = 47151;
const BYTES = 123_457;
// A listener, a client that sends BYTES, the accepted socket kept unread: both ends stay open.
const PAIR = [
	'import socket, time',
	's = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)',
	`s.bind(("127.0.0.1", ${PORT})); s.listen()`,
	`c = socket.create_connection(("127.0.0.1", ${PORT})); a, _ = s.accept()`,
	`c.sendall(b"x" * ${BYTES}); print("ready", flush=True); time.sleep(60)`,
].join('\n');

describe("another namespace's connection has its counters (root)", {skip}, () => {
	let pair: Child | null = null;
	after(async () => {
		await pair?.stop('SIGKILL');
		await runProcess('ip', ['netns', 'del', NS]);
	});

	it('--once --json: the connection inside the namespace carries its bytes', async () => {
		const made = await runProcess('ip', ['netns', 'add', NS]);
		assert.equal(made.code, 0, made.stderr);
		assert.equal((await runProcess('ip', ['-n', NS, 'link', 'set', 'lo', 'up'])).code, 0);
		pair = new Child('ip', ['netns', 'exec', NS, 'python3', '-c', PAIR], {stdio: ['ignore', 'pipe', 'pipe']});
		await waitFor('the pair in the namespace', () => pair!.lines().includes('ready'));
		const netns = statSync(`/proc/${pair.process.pid}/ns/net`).ino;
		const done = await runCli(['--once', '--json', '--filter', `port:${PORT}`], {timeoutMs: 60_000});
		assert.equal(done.code, 0, done.stderr);
		const rows = jsonLines(done.stdout).filter((row) => row.netns === netns && row.state === 'ESTABLISHED');
		assert.equal(rows.length, 2, done.stdout);
		const server = rows.find((row) => row.localPort === PORT);
		const client = rows.find((row) => row.remotePort === PORT);
		assert.ok(server && client, done.stdout);
		assert.ok(Number(server.bytesReceived) >= BYTES, `server received ${server.bytesReceived}`);
		assert.ok(Number(client.bytesSent) >= BYTES, `client sent ${client.bytesSent}`);
	});
});

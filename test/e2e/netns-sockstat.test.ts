// Tables skipped on a namespace's sockstat counts lose nothing: in a real namespace (as root),
// through each mix of sockets, the procfs source lists exactly what the four tables hold.
import assert from 'node:assert/strict';
import {type ChildProcessWithoutNullStreams, spawn, spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {createProcfsSource} from '../../source/sources/procfs/procfs-source.js';

const NS = `np-sockstat-${process.pid}`;
const PORT = 41302;
// Each line on stdin makes the next step; it answers `ok` when done.
const HOLDER = `import socket, sys, time
keep = []
steps = [
  lambda: keep.append(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)) or keep[-1].bind(('127.0.0.1', 0)),
  lambda: keep.append(socket.socket(socket.AF_INET6)) or keep[-1].bind(('::', ${PORT})) or keep[-1].listen(),
  lambda: keep.append(socket.create_connection(('127.0.0.1', ${PORT}))) or keep.append(keep[1].accept()[0]),
  lambda: [s.close() for s in keep[2:]] and time.sleep(0.2),
]
print('ok', flush=True)
for step in steps:
  sys.stdin.readline(); step(); print('ok', flush=True)
sys.stdin.read()`;

function tableLines(pid: number): string[] {
	const lines: string[] = [];
	for (const file of ['tcp', 'tcp6', 'udp', 'udp6']) {
		const text = readFileSync(`/proc/${pid}/net/${file}`, 'utf8').trim().split('\n').slice(1);
		for (const line of text) {
			const f = line.trim().split(/\s+/);
			lines.push(
				`${file.startsWith('tcp') ? 'tcp' : 'udp'} ${Number.parseInt(f[1]!.split(':')[1]!, 16)} ${Number.parseInt(f[2]!.split(':')[1]!, 16) || '*'}`,
			);
		}
	}
	return lines.sort();
}

test('as root: every step of a namespace (empty, UDP only, v6 listener, v4 client, TIME_WAIT) is listed whole', async (t) => {
	if (process.getuid?.() !== 0) return t.skip('needs root (ip netns add)');
	if (spawnSync('python3', ['-c', '1']).status !== 0) return t.skip('python3 is missing');
	spawnSync('ip', ['netns', 'delete', NS]);
	assert.equal(spawnSync('ip', ['netns', 'add', NS]).status, 0);
	t.after(() => spawnSync('ip', ['netns', 'delete', NS]));
	spawnSync('ip', ['-n', NS, 'link', 'set', 'lo', 'up']);
	const holder: ChildProcessWithoutNullStreams = spawn('ip', ['netns', 'exec', NS, 'python3', '-c', HOLDER]);
	t.after(() => holder.kill('SIGKILL'));
	// Its answers counted whole: a chunk of the pipe is not a line. Python's `print` after a
	// `readline` reached Node as "ok" then "\n" (seen here: ["ok\n","ok","\n"]), and counting
	// chunks' pieces made "\n" a second answer, so the next step's read raced the step itself:
	// the read before the holder's socket() (sockstat's global TCP alloc was 1) or between its
	// connect and its accept (`tcp` read before the client, `tcp6` after the accepted end).
	let answers = '';
	holder.stdout.setEncoding('utf8').on('data', (text: string) => {
		answers += text;
	});
	const step = async (n: number) => {
		if (n > 0) holder.stdin.write('\n');
		while ((answers.match(/^ok$/gm) ?? []).length <= n)
			await new Promise((resolve) => setTimeout(resolve, 20));
	};
	const signal = new AbortController().signal;
	for (let n = 0; n <= 4; n++) {
		await step(n);
		// A fresh source each time: every namespace read at once, through its sockstat counts.
		const source = createProcfsSource({netns: NS});
		// No owners wanted: no walk of every process's fds (slow on a loaded host), only the tables.
		const got = await source.read(signal, {ownersWanted: () => false});
		const listed = got.records.map((r) => `${r.proto} ${r.localPort} ${r.remotePort ?? '*'}`).sort();
		assert.deepEqual(listed, tableLines(holder.pid!), `step ${n}`);
		if (n === 4) assert.ok(listed.length >= 2, 'the TIME_WAIT pair is listed');
	}
});

// As `nobody`, other users' sockets must come back without an owner, counted and explained.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {once} from 'node:events';
import {existsSync} from 'node:fs';
import net from 'node:net';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {TS_IMPORT} from '../../helpers/ts-import.js';

const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((path) => existsSync(path));
const skip =
	process.platform !== 'linux'
		? 'Linux only'
		: process.geteuid?.() !== 0
			? 'needs root to switch user'
			: !runuser && 'no runuser';

test('as nobody: root-owned sockets have no pid, are counted unattributed, with the cause', {
	skip,
}, async () => {
	const server = net.createServer().listen(0, '127.0.0.1');
	await once(server, 'listening');
	try {
		const port = (server.address() as net.AddressInfo).port;
		const probe = fileURLToPath(new URL('./non-root-probe.ts', import.meta.url));
		// spawnSync blocks this process, which is fine: the listener needs no event loop to stay listed.
		const run = spawnSync(
			runuser!,
			['-u', 'nobody', '--', process.execPath, ...TS_IMPORT, probe, String(port)],
			{
				encoding: 'utf8',
				timeout: 60_000,
			},
		);
		assert.equal(run.status, 0, run.stderr);
		const seen = JSON.parse(run.stdout);
		assert.equal(seen.euid, 65534);
		assert.equal(seen.own?.pid, seen.pid, 'its own socket is attributed');
		assert.equal(seen.own?.process, 'node');
		assert.equal(seen.own?.user, 'nobody');
		assert.ok(seen.other, 'root-owned listener listed');
		assert.equal(seen.other.pid, null);
		assert.equal(seen.other.process, null);
		assert.deepEqual(seen.other.owners, []);
		assert.equal(seen.other.user, 'root');
		assert.ok(seen.unattributed >= 1);
		assert.equal(seen.unattributedCause, 'not-root');
		assert.deepEqual(seen.warnings, [], 'worded by the CLI and the dashboard, against their filter');
	} finally {
		server.close();
	}
});

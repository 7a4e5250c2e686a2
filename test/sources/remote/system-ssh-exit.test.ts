// A failing ssh's reason is on its stderr, which can arrive after its 'exit' event (under
// load: the many-hosts e2e read "ssh exited with 255" instead of "Permission denied"). The
// stream's exit is reported once stderr has ended, so the reason is there when it is read.
// A stand-in for ssh that exits at once while a child of its own writes the reason a moment
// later makes that order certain, whatever the machine's load.
import assert from 'node:assert/strict';
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {createSystemSsh} from '../../../source/sources/remote/system-ssh.js';

describe('system ssh stream: exit and stderr', () => {
	it('reports the exit after the stderr written just after it', async (t) => {
		const dir = mkdtempSync(join(tmpdir(), 'socktop-ssh-exit-'));
		t.after(() => rmSync(dir, {recursive: true, force: true}));
		const fakeSsh = join(dir, 'ssh');
		writeFileSync(fakeSsh, '#!/bin/sh\n(sleep 0.1; echo "Permission denied (publickey)." >&2) &\nexit 255\n');
		chmodSync(fakeSsh, 0o755);
		const ssh = createSystemSsh({controlDir: dir, keepaliveSeconds: 5}, fakeSsh);
		const channel = ssh.open('nowhere', 'true');
		let stderr = '';
		channel.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString('utf8');
		});
		const code = await new Promise<number | null>((resolve) => channel.onExit(resolve));
		assert.equal(code, 255);
		assert.match(stderr, /Permission denied/);
	});
});

import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {listeningPorts} from './loopback.js';

// The real scanner under a 64-descriptor limit: the derived concurrency fits, and a
// forced concurrency of 300 runs into EMFILE, backs off, and still gets every port right.

const SCRIPT = fileURLToPath(new URL('../fixtures/scan/low-fd-scan.ts', import.meta.url));

interface Run {
	code: number;
	stderr: string;
	scanned: number;
	open: number[];
	filtered: number;
	emfile: number;
	skipped?: string;
}

function runChild(): Promise<{code: number | null; stdout: string; stderr: string} | null> {
	return new Promise((resolve) => {
		const child = spawn('prlimit', ['--nofile=64:64', process.execPath, '--import', 'tsx', SCRIPT], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString('utf8');
		});
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString('utf8');
		});
		const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
		child.on('error', () => {
			clearTimeout(timer);
			resolve(null);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({code, stdout, stderr});
		});
	});
}

it('scans loopback ports 1-2000 correctly under prlimit --nofile=64:64', async (t) => {
	if (process.platform !== 'linux') return t.skip('prlimit is Linux only');
	const result = await runChild();
	if (result === null) return t.skip('prlimit (util-linux) is not installed');
	assert.equal(result.code, 0, `child failed: ${result.stderr.slice(0, 2000)}`);
	const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as {
		listeners: number[];
		runs: Record<string, Run>;
	};
	const real = await listeningPorts(4);
	for (const [name, run] of Object.entries(summary.runs)) {
		if (run.skipped) {
			t.diagnostic(`${name}: skipped (${run.skipped})`);
			continue;
		}
		assert.equal(run.code, 0, `${name}: ${run.stderr}`);
		assert.equal(run.scanned, 2000, name);
		assert.equal(run.filtered, 0, `${name}: nothing on loopback is filtered`);
		for (const port of summary.listeners)
			assert.ok(run.open.includes(port), `${name}: listener ${port} found`);
		const stray = run.open.filter((port) => !summary.listeners.includes(port) && !real.has(port));
		assert.deepEqual(stray, [], `${name}: false opens`);
		t.diagnostic(`${name}: ${run.emfile} EMFILE answers absorbed`);
	}
	assert.ok((summary.runs.forced?.emfile ?? 0) > 0, 'a concurrency of 300 under 64 fds did hit EMFILE');
});

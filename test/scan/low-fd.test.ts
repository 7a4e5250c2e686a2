import assert from 'node:assert/strict';
import {it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {type Done, runProcess} from '../helpers/netns.js';
import {TS_IMPORT} from '../helpers/ts-import.js';
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

/** Null when prlimit (util-linux) is missing. */
async function runChild(): Promise<Done | null> {
	const done = await runProcess(
		'prlimit',
		['--nofile=64:64', process.execPath, ...TS_IMPORT, SCRIPT],
		120_000,
	);
	return done.code === -1 ? null : done;
}

it('scans loopback ports 1-2000 correctly under prlimit --nofile=64:64', async (t) => {
	if (process.platform !== 'linux') return t.skip('prlimit is Linux only');
	// Other listeners in 1-2000 are real opens: those there before the scans as well as after (a
	// bench's or another test's on fixed low ports may stop while the child runs).
	const realBefore = await listeningPorts(4);
	const result = await runChild();
	if (result === null) return t.skip('prlimit (util-linux) is not installed');
	assert.equal(result.code, 0, `child failed: ${result.stderr.slice(0, 2000)}`);
	const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as {
		listeners: number[];
		runs: Record<string, Run>;
	};
	const real = new Set([...realBefore, ...(await listeningPorts(4))]);
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

// The real scanner leaks no file descriptor: under a 64-descriptor limit it scans
// 127.0.0.1:1-3000 right (two listeners of its own), and neither a full scan nor one
// cancelled midway leaves open a descriptor that was not open before it (/proc/self/fd,
// with what each points at), on this thread and on worker threads.
// test/scan/low-fd.test.ts covers EMFILE back-off; the descriptors after a cancel are what
// this adds.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {NODE, REPO_ROOT} from '../e2e/helpers/paths.js';
import {hasCommand, run} from '../e2e/helpers/process.js';
import {TS_IMPORT} from '../helpers/ts-import.js';
import {listeningPorts} from '../scan/loopback.js';
import type {ScanFdReport} from './helpers/scan-fd-report.js';

const CHILD = fileURLToPath(new URL('./helpers/scan-fd-child.ts', import.meta.url));
/** The connect threads the child starts (`createThreadedConnect(2)`). */
const CONNECT_THREADS = 2;

test('scanning loopback 1-3000 under prlimit --nofile=64:64: right answers, no descriptor left behind, cancelled or not', {
	skip: process.platform !== 'linux' && 'prlimit and /proc/self/fd are Linux only',
}, async (t) => {
	if (!(await hasCommand('prlimit'))) return t.skip('prlimit (util-linux) is not installed');
	// Other listeners in 1-3000 are real opens, not false ones: those there before the scans as well
	// as after (a bench's or another test's on fixed low ports may stop while the child runs).
	const realBefore = await listeningPorts(4);
	const result = await run('prlimit', ['--nofile=64:64', NODE, ...TS_IMPORT, CHILD], {
		cwd: REPO_ROOT,
		timeoutMs: 180_000,
	});
	assert.equal(result.code, 0, `the child failed: ${result.stderr.slice(0, 3000)}`);
	const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as ScanFdReport;
	const real = new Set([...realBefore, ...(await listeningPorts(4))]);
	assert.equal(summary.runs[0]?.engine, 'this thread');
	assert.equal(summary.runs[0]?.skipped, undefined, 'this thread always runs');
	for (const engine of summary.runs) {
		const name = engine.engine;
		if (engine.skipped) {
			// Starting workers needs descriptors too; under 64 the start itself may fail.
			t.diagnostic(`${name}: skipped (${engine.skipped})`);
			continue;
		}
		t.diagnostic(
			`${name}: concurrency ${engine.concurrency}, ${engine.fdsAtStart} descriptors open at start`,
		);
		const full = engine.full!;
		assert.equal(full.scanned, 3000, `${name}: every port answered`);
		assert.equal(full.filtered, 0, `${name}: nothing on loopback is filtered`);
		for (const port of summary.listeners)
			assert.ok(full.open.includes(port), `${name}: listener ${port} found`);
		const stray = full.open.filter((port) => !summary.listeners.includes(port) && !real.has(port));
		assert.deepEqual(stray, [], `${name}: false opens`);
		// libuv keeps one descriptor per event loop on /dev/null, opened with the loop's first
		// stream handle and closed with the loop (its reserve for EMFILE, uv__stream_init): each
		// worker thread's loop opens it at its first connect (strace -f: one openat of /dev/null
		// per connect thread, 2026-11-30). Not a leak: the second scan below opens none, and
		// closing the engine closes them (leakedAtEnd). Under tsx the workers had a stream before
		// they were ready, so it was open before the scan.
		const reserves = full.leaked.filter((fd) => fd.endsWith(' -> /dev/null'));
		assert.ok(
			reserves.length <= (name === 'worker threads' ? CONNECT_THREADS : 0),
			`${name}: more /dev/null descriptors than event loops: ${reserves.join(', ')}`,
		);
		assert.deepEqual(
			full.leaked.filter((fd) => !reserves.includes(fd)),
			[],
			`${name}: descriptors left open by a full scan`,
		);

		const cancel = engine.cancel!;
		assert.equal(cancel.cancelled, true, `${name}: the scan says it was cancelled`);
		assert.ok(cancel.done >= 1000 && cancel.done < 3000, `${name}: cancelled midway (at ${cancel.done})`);
		assert.deepEqual(cancel.leaked, [], `${name}: descriptors left open by a cancelled scan`);
		assert.deepEqual(engine.leakedAtEnd, [], `${name}: descriptors left open after closing the engine`);
	}
});

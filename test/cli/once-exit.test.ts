// QA: a `--once` that gave up after its 30 s cap took 48 s to exit: the abandoned read kept
// the event loop alive. The process must end once it has given up, whatever is still pending,
// with its exit code, and without a crash from a worker still running (libgcc_s segfaults).
// Measured by the process's end, with a generous kill timeout, not a timing threshold.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {TS_IMPORT} from '../helpers/ts-import.js';

const child = fileURLToPath(new URL('./helpers/once-exit-child.ts', import.meta.url));
const KILL_AFTER_MS = 30_000;

function run(
	mode: string,
	killAfterMs = KILL_AFTER_MS,
): Promise<{code: number | null; signal: string | null; stderr: string; killed: boolean}> {
	return new Promise((resolve) => {
		const proc = spawn(process.execPath, [...TS_IMPORT, child, mode], {
			stdio: ['ignore', 'ignore', 'pipe'],
		});
		let stderr = '';
		let killed = false;
		proc.stderr.on('data', (chunk) => {
			stderr += chunk;
		});
		const timer = setTimeout(() => {
			killed = true;
			proc.kill('SIGKILL');
		}, killAfterMs);
		proc.on('exit', (code, signal) => {
			clearTimeout(timer);
			resolve({code, signal, stderr, killed});
		});
	});
}

describe('--once exits once it has given up', () => {
	it('ends with code 1 and the reason, though the read and a worker are still going', async () => {
		const result = await run('prompt');
		assert.equal(result.killed, false, 'it exited on its own');
		assert.equal(result.signal, null, 'no crash signal (SIGSEGV)');
		assert.equal(result.code, 1);
		assert.match(result.stderr, /procfs did not answer within 200 ms/);
		assert.doesNotMatch(result.stderr, /libgcc_s|pthread_cancel|Segmentation|core dumped/);
	});

	it('(the defect) left to the event loop, the pending read keeps it alive', {
		timeout: KILL_AFTER_MS + 10_000,
	}, async () => {
		// 3 s past the 200 ms cap is plenty to show that nothing ends it.
		const result = await run('plain', 3000);
		assert.equal(result.killed, true, 'a pending handle kept the process alive until killed');
	});
});

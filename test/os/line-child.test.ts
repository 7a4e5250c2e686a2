// The long-lived child behind `ss -E`: lines as they come, restarts with a growing delay,
// other arguments when asked, nothing left running after stop.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {type ChildExit, RESTART_MIN_MS, startLineChild} from '../../source/os/line-child.js';

const NODE = process.execPath;

/** Polls CHECK every 20 ms until it is true (bounded: 10 s). */
async function until(what: string, check: () => boolean): Promise<void> {
	for (let i = 0; i < 500; i++) {
		if (check()) return;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	throw new Error(`timed out waiting for ${what}`);
}

const alive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

describe('line child', () => {
	it('splits stdout into lines across chunks and restarts a dead child after a growing delay', async () => {
		const lines: string[] = [];
		const exits: ChildExit[] = [];
		const delays: number[] = [];
		const timers: (() => void)[] = [];
		const child = startLineChild({
			command: NODE,
			// Half a line, then the rest and another, then exit 3 with a word on stderr.
			args: [
				'-e',
				'process.stdout.write("ab");setTimeout(()=>{process.stdout.write("c\\nd\\n");console.error("bad");process.exitCode=3},50)',
			],
			onLine: (line) => lines.push(line),
			onExit: (exit) => {
				exits.push(exit);
				return 'restart';
			},
			setTimeout: (run, ms) => {
				delays.push(ms);
				timers.push(run);
				return run;
			},
			clearTimeout: () => {},
		});
		try {
			await until('the first exit', () => exits.length === 1);
			assert.deepEqual(lines, ['abc', 'd']);
			assert.equal(exits[0]!.code, 3);
			assert.equal(exits[0]!.stderr, 'bad');
			assert.equal(exits[0]!.lines, 2);
			assert.equal(child.pid(), null, 'none runs while it waits to restart');
			timers.shift()!();
			await until('the second exit', () => exits.length === 2);
			timers.shift()!();
			await until('the third exit', () => exits.length === 3);
			assert.deepEqual(delays, [RESTART_MIN_MS, 2 * RESTART_MIN_MS, 4 * RESTART_MIN_MS]);
			assert.equal(child.starts(), 3);
		} finally {
			child.stop();
		}
	});

	it('starts another command at once when onExit names one; stop kills the child', async () => {
		const lines: string[] = [];
		const child = startLineChild({
			command: 'socktop-no-such-program',
			args: [],
			onLine: (line) => lines.push(line),
			onExit: (exit) =>
				/ENOENT/.test(exit.stderr)
					? {command: NODE, args: ['-e', 'console.log("up");setInterval(()=>{},1000)']}
					: 'stop',
		});
		await until('the replacement to print', () => lines.length === 1);
		assert.deepEqual(lines, ['up']);
		const pid = child.pid();
		assert.ok(pid !== null && alive(pid));
		child.stop();
		await until('the child to end', () => !alive(pid));
		assert.equal(child.pid(), null);
	});
});

import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {createHookRunner} from '../../source/os/hook-runner.js';

const NODE = process.execPath;

describe('--alert-exec hook runner', () => {
	it('runs the command with its argv (no shell) and the event JSON on stdin', async (t) => {
		const dir = mkdtempSync(join(tmpdir(), 'shi-hook-'));
		t.after(() => rmSync(dir, {recursive: true, force: true}));
		const out = join(dir, 'got');
		const problems: string[] = [];
		const runner = createHookRunner({
			command: NODE,
			args: [
				'-e',
				'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>require("fs").writeFileSync(process.argv[1],s))',
				out,
			],
			onProblem: (m) => problems.push(m),
		});
		runner.run(JSON.stringify({event: 'open', localPort: 8080, process: '$(touch /tmp/shi-pwned)'}));
		await runner.idle();
		assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), {
			event: 'open',
			localPort: 8080,
			process: '$(touch /tmp/shi-pwned)',
		});
		assert.deepEqual(problems, []);
		assert.deepEqual(runner.stats(), {started: 1, finished: 1, failed: 0, timedOut: 0, dropped: 0});
	});

	it('reports a failing hook once per distinct failure', async () => {
		const problems: string[] = [];
		const runner = createHookRunner({
			command: NODE,
			args: ['-e', 'console.error("no route to pager");process.exit(3)'],
			onProblem: (m) => problems.push(m),
		});
		runner.run('{}');
		runner.run('{}');
		await runner.idle();
		assert.equal(problems.length, 1);
		assert.match(problems[0]!, /exited 3: no route to pager/);
		assert.equal(runner.stats().failed, 2);

		const missing = createHookRunner({
			command: '/nonexistent/shi-hook',
			args: [],
			onProblem: (m) => problems.push(m),
		});
		missing.run('{}');
		await missing.idle();
		assert.match(problems[1]!, /ENOENT/);
	});

	it('a hanging hook is killed at its timeout; meanwhile run() returns at once and extra events are bounded', async () => {
		const problems: string[] = [];
		const runner = createHookRunner({
			command: NODE,
			args: ['-e', 'setInterval(() => {}, 1000)'],
			concurrency: 1,
			queue: 2,
			timeoutMs: 300,
			onProblem: (m) => problems.push(m),
		});
		const order: string[] = [];
		for (let i = 0; i < 5; i++) {
			runner.run('{}');
			order.push(`returned ${i}`);
		}
		// Every call came back before any hook finished: nothing waited on the child.
		assert.equal(runner.stats().finished, 0);
		assert.deepEqual(order, ['returned 0', 'returned 1', 'returned 2', 'returned 3', 'returned 4']);
		assert.equal(runner.stats().started, 1, 'one at a time');
		assert.equal(runner.stats().dropped, 2, 'a queue of 2: the 4th and 5th are dropped');
		await runner.idle();
		assert.equal(runner.stats().timedOut, 3);
		assert.ok(problems.some((m) => /still running after 0.3 s: killed/.test(m)));
		assert.ok(problems.some((m) => /busy/.test(m)));
	});
});

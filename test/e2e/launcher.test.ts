// The bin starts Node with the V8 flags that keep the dashboard's memory down (scripts/build.mjs,
// LAUNCHER): executed directly, or through a symlink as npm links it, /bin/sh reads its first
// two lines and execs `node` with them; `node dist/cli.js` skips them.
import assert from 'node:assert/strict';
import {chmod, mkdtemp, readFile, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {delimiter, join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {assertBuilt, CLI_PATH, NODE, NOT_LINUX} from './helpers/paths.js';
import {run} from './helpers/process.js';

let dir = '';

before(async () => {
	if (NOT_LINUX) return;
	assertBuilt();
	dir = await mkdtemp(join(tmpdir(), 'sktp-launcher-'));
	// A `node` first on PATH that writes down its arguments, then runs the real one.
	const fake = join(dir, 'node');
	await writeFile(fake, `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/args"\nexec '${NODE}' "$@"\n`);
	await chmod(fake, 0o755);
	await symlink(CLI_PATH, join(dir, 'socktop'));
});
after(() => (dir ? rm(dir, {recursive: true, force: true}) : undefined));

const env = () => ({...process.env, PATH: `${dir}${delimiter}${process.env.PATH ?? ''}`});

describe('the bin', {skip: NOT_LINUX}, () => {
	it('executed directly, starts node with the heap flags and runs', async () => {
		const result = await run(CLI_PATH, ['--version'], {env: env(), timeoutMs: 30_000});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /^\d+\.\d+\.\d+\n$/);
		const args = (await readFile(join(dir, 'args'), 'utf8')).trim().split('\n');
		assert.deepEqual(args, [
			'--max-semi-space-size=1',
			'--v8-pool-size=1',
			'--expose-gc',
			CLI_PATH,
			'--version',
		]);
	});

	it('through a symlink (as npm links it), finds its chunks and passes arguments through', async () => {
		const result = await run(join(dir, 'socktop'), ['--once', '--json', '--filter', 'port:1 and proto:tcp'], {
			env: env(),
			timeoutMs: 60_000,
		});
		assert.equal(result.code, 0, result.stderr);
		assert.equal(result.stdout, '', 'nothing listens on port 1: no line');
		const args = (await readFile(join(dir, 'args'), 'utf8')).trim().split('\n');
		assert.deepEqual(args.slice(4), ['--once', '--json', '--filter', 'port:1 and proto:tcp']);
	});

	it('run as `node dist/cli.js`, the launcher lines are inert', async () => {
		const result = await run(NODE, [CLI_PATH, '--version'], {timeoutMs: 30_000});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /^\d+\.\d+\.\d+\n$/);
	});
});

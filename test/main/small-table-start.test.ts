// small-table-start.ts: only the plain dashboard sets V8's optimizing compiler from sockstat's
// count before its modules load; any other command line leaves it alone. In a fresh Node (the
// flag is per process).
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';

const MODULE = fileURLToPath(new URL('../../source/main/small-table-start.ts', import.meta.url));
const COMPILER = fileURLToPath(new URL('../../source/threads/optimizing-compiler.ts', import.meta.url));
const COUNT = fileURLToPath(new URL('../../source/sources/procfs/socket-count.ts', import.meta.url));
const TS_LOADER = new URL('../../scripts/ts-register.mjs', import.meta.url).href;
const SCRIPT = `
const {optimizeForStart} = await import(${JSON.stringify(MODULE)});
const {isOptimizing, OPTIMIZE_FROM_SOCKETS} = await import(${JSON.stringify(COMPILER)});
const {countSockets} = await import(${JSON.stringify(COUNT)});
const seen = {};
optimizeForStart(['--json', '--filter', 'port:22']);
seen.other = isOptimizing();
optimizeForStart(['--netns', 'host']);
seen.plain = isOptimizing();
const sockets = countSockets();
seen.expected = sockets === null || sockets > OPTIMIZE_FROM_SOCKETS;
console.log(JSON.stringify(seen));
`;

describe('optimizeForStart', () => {
	it('follows sockstat for the plain dashboard, and nothing else', {
		skip: process.platform !== 'linux' && 'Linux only',
	}, () => {
		const run = spawnSync(process.execPath, ['--import', TS_LOADER, '--input-type=module', '-e', SCRIPT], {
			encoding: 'utf8',
			timeout: 30_000,
		});
		assert.equal(run.status, 0, run.stderr);
		const seen = JSON.parse(run.stdout) as {other: boolean; plain: boolean; expected: boolean};
		assert.equal(seen.other, true, 'another command line leaves TurboFan on');
		assert.equal(seen.plain, seen.expected);
	});
});

import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, rmSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {openSpool} from '../../source/sources/output-spool.js';
import {runCommand} from '../../source/sources/run-command.js';

const SPOOL_DIR = '/dev/shm';
const ours = () => {
	try {
		return readdirSync(SPOOL_DIR).filter((name) => name.startsWith(`socktop-spool-${process.pid}-`));
	} catch {
		return [];
	}
};

test('a spool has no name once open, holds what is written, and reads it back', (t) => {
	const dir = mkdtempSync(join(tmpdir(), 'socktop-spool-test-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	const spool = openSpool(12, dir);
	assert.ok(spool);
	assert.deepEqual(readdirSync(dir), []);
	writeSync(spool.fd, 'hello, ');
	writeSync(spool.fd, 'spool');
	assert.equal(spool.size(), 12);
	assert.equal(spool.read(12).toString(), 'hello, spool');
	assert.equal(spool.read(5).toString(), 'hello');
	spool.close();
	spool.close(); // a second close is a no-op
});

test('no spool where no file can be made', () => {
	assert.equal(openSpool(12, join(tmpdir(), 'socktop-spool-test-missing', 'nowhere')), null);
});

test('no spool where the file system has no room for what the child may print', () => {
	// More than any file system here holds: /dev/shm and the temporary directory are both refused.
	assert.equal(openSpool(2 ** 60), null);
	const spool = openSpool(4096);
	assert.ok(spool, 'a few KB fit in /dev/shm or the temporary directory');
	spool.close();
});

test('runCommand with too little room to spool reads the pipe: the output is whole', async () => {
	const {stdout} = await runCommand(process.execPath, ['-e', "process.stdout.write('w'.repeat(200000))"], {
		signal: new AbortController().signal,
		spool: true,
		maxBytes: 2 ** 60,
	});
	assert.equal(stdout.length, 200000);
});

const run = (script: string, options: {maxBytes?: number} = {}) =>
	runCommand(process.execPath, ['-e', script], {
		signal: new AbortController().signal,
		spool: true,
		...options,
	});

test('runCommand spooled: the whole output, the exit code and stderr, no file left', async () => {
	const before = ours();
	const {stdout, stderr, code} = await run(
		"process.stdout.write('x'.repeat(65535) + 'é' + 'y'.repeat(300000)); process.stderr.write('warn'); process.exitCode = 3",
	);
	assert.equal(code, 3);
	assert.equal(stderr, 'warn');
	assert.equal(stdout.length, 65535 + 1 + 300000);
	assert.equal(stdout[65535], 'é');
	assert.deepEqual(ours(), before);
});

test('runCommand spooled: more than maxBytes is an error', async () => {
	await assert.rejects(
		run("process.stdout.write('z'.repeat(5000))", {maxBytes: 4096}),
		/printed more than 4096 bytes/,
	);
});

test('runCommand spooled: a cancelled command is stopped and rejected', async () => {
	const controller = new AbortController();
	const pending = runCommand(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], {
		signal: controller.signal,
		spool: true,
	});
	setTimeout(() => controller.abort(), 100);
	await assert.rejects(pending, /did not finish in time/);
});

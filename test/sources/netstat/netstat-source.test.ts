import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {createNetstatSource} from '../../../source/sources/netstat/netstat-source.js';
import {type CommandOutput, type RunOptions, runCommand} from '../../../source/sources/run-command.js';
import {SourceError, type SourceErrorCode} from '../../../source/sources/source.js';
import {fixture, only} from './fixture.js';

interface Call {
	readonly file: string;
	readonly args: readonly string[];
	readonly options: RunOptions;
}

/** A fake runCommand answering from a table keyed by "file args". */
function fakeRun(answers: Record<string, Partial<CommandOutput> | Error>) {
	const calls: Call[] = [];
	const run = async (file: string, args: readonly string[], options: RunOptions): Promise<CommandOutput> => {
		calls.push({file, args, options});
		const answer = answers[[file, ...args].join(' ')];
		if (answer === undefined) throw new Error(`unexpected command ${file} ${args.join(' ')}`);
		if (answer instanceof Error) throw answer;
		return {stdout: '', stderr: '', code: 0, ...answer};
	};
	return {run, calls};
}

const signal = () => new AbortController().signal;

async function rejectsWith(promise: Promise<unknown>, code: SourceErrorCode, message?: RegExp | string) {
	await assert.rejects(promise, (error: unknown) => {
		assert.ok(error instanceof SourceError, String(error));
		assert.equal(error.code, code);
		assert.ok(!error.message.includes('\n'), 'one line');
		if (typeof message === 'string') assert.equal(error.message, message);
		else if (message) assert.match(error.message, message);
		return true;
	});
}

describe('createNetstatSource on Linux (fake run)', () => {
	test('runs netstat -tunapWe in the C locale and returns the parsed sockets', async () => {
		const {run, calls} = fakeRun({'netstat -tunapWe': {stdout: fixture('linux/tunapWe-root.txt')}});
		const source = createNetstatSource({platform: 'linux', run});
		assert.equal(source.name, 'netstat');
		const result = await source.read(signal());
		assert.equal(result.records.length, 37);
		assert.equal(result.skippedLines, 0);
		assert.equal(result.unattributed, 1);
		assert.deepEqual(result.warnings, []);
		assert.equal(calls.length, 1);
		assert.equal(calls[0]?.options.env?.LC_ALL, 'C');
		assert.equal(calls[0]?.options.env?.LANG, 'C');
	});

	test('the not-root note arrives on stderr and becomes the cause of the unattributed count', async () => {
		const [note, table] = fixture('linux/tunapWe-nonroot.txt').split(/(?<=it all\.\)\n)/);
		const {run} = fakeRun({'netstat -tunapWe': {stderr: note, stdout: table}});
		const result = await createNetstatSource({platform: 'linux', run, euid: 0}).read(signal());
		assert.ok(note?.includes('Not all processes'));
		assert.equal(result.unattributedCause, 'not-root');
		assert.deepEqual(result.warnings, [], 'worded by the CLI and the dashboard, against their filter');
		assert.equal(result.unattributed, 18);
		const root = await createNetstatSource({
			platform: 'linux',
			run: fakeRun({'netstat -tunapWe': {stdout: fixture('linux/tunapWe-root.txt')}}).run,
			euid: 0,
		}).read(signal());
		assert.equal(root.unattributedCause, 'hidden-from-root');
	});

	test("processes are named as procfs names them (comm), not by net-tools' argv[0]", async () => {
		const {run} = fakeRun({'netstat -tunapWe': {stdout: fixture('linux/tunapWe-root.txt')}});
		const before = await createNetstatSource({platform: 'linux', run}).read(signal());
		const pids = [...new Set(before.records.flatMap((r) => r.owners.map((o) => o.pid)))];
		assert.ok(pids.length >= 2);
		const asked: number[] = [];
		const processName = async (pid: number) => {
			asked.push(pid);
			return pid === pids[0] ? 'comm-name' : null;
		};
		const result = await createNetstatSource({platform: 'linux', run, processName}).read(signal());
		assert.deepEqual(asked.sort(), [...pids].sort(), 'each pid once');
		for (const [i, record] of result.records.entries()) {
			const old = before.records[i]!;
			if (old.pid === pids[0]) assert.equal(record.process, 'comm-name');
			else assert.equal(record.process, old.process, "a pid without a name keeps netstat's");
			assert.equal(record.pid, old.pid);
		}
	});

	test('userNames fills user names from uids (one lookup per read); a failing lookup leaves null', async () => {
		const {run} = fakeRun({'netstat -tunapWe': {stdout: fixture('linux/tunapWe-root.txt')}});
		const asked: number[][] = [];
		const userNames = {
			lookup: async (uids: Iterable<number>) => {
				asked.push([...new Set(uids)].sort());
				return new Map([...uids].map((uid) => [uid, uid === 0 ? 'root' : null]));
			},
		};
		const result = await createNetstatSource({platform: 'linux', run, userNames}).read(signal());
		assert.equal(only(result.records, {localPort: 47101, state: 'LISTEN'}).user, 'root');
		assert.equal(only(result.records, {localPort: 47110, state: 'LISTEN'}).user, null);
		assert.deepEqual(asked, [[0, 65534]]);
		const failing = {lookup: () => Promise.reject(new Error('no nss'))};
		const unnamed = await createNetstatSource({platform: 'linux', run, userNames: failing}).read(signal());
		assert.equal(only(unnamed.records, {localPort: 47101, state: 'LISTEN'}).user, null);
	});

	test('a missing binary: ENOENT telling how to install it or use procfs', async () => {
		const {run} = fakeRun({'netstat -tunapWe': new SourceError('ENOENT', 'netstat was not found on PATH')});
		await rejectsWith(
			createNetstatSource({platform: 'linux', run}).read(signal()),
			'ENOENT',
			'netstat was not found: install net-tools (apt-get install net-tools) or use --source procfs',
		);
		const raw = Object.assign(new Error('spawn netstat ENOENT'), {code: 'ENOENT'});
		await rejectsWith(
			createNetstatSource({platform: 'linux', run: fakeRun({'netstat -tunapWe': raw}).run}).read(signal()),
			'ENOENT',
		);
	});

	test('a non-zero exit with nothing readable: EXIT with the first stderr line', async () => {
		const {run} = fakeRun({
			'netstat -tunapWe': {code: 1, stderr: "netstat: invalid option -- 'W'\nusage: netstat [-vWeenNcCF]\n"},
		});
		await rejectsWith(
			createNetstatSource({platform: 'linux', run}).read(signal()),
			'EXIT',
			"netstat exited with code 1: netstat: invalid option -- 'W'",
		);
	});

	test('a non-zero exit after printing sockets keeps them, with a warning', async () => {
		const {run} = fakeRun({'netstat -tunapWe': {code: 1, stdout: fixture('linux/tunapWe-root.txt')}});
		const result = await createNetstatSource({platform: 'linux', run}).read(signal());
		assert.equal(result.records.length, 37);
		assert.equal(result.warnings.length, 1);
		assert.match(result.warnings[0] ?? '', /exited with code 1/);
	});

	test('killed by a signal with no output: EXIT', async () => {
		const {run} = fakeRun({'netstat -tunapWe': {code: null}});
		await rejectsWith(createNetstatSource({platform: 'linux', run}).read(signal()), 'EXIT', /was killed/);
	});

	test('garbage only: PARSE; garbage mixed with sockets: the sockets, lines counted', async () => {
		const junk = [
			'Proto Recv-Q Send-Q Local Address Foreign Address State',
			'tcp 0 0 nonsense',
			'\u0000\u0001\u0002',
			'udp x',
		].join('\n');
		await rejectsWith(
			createNetstatSource({platform: 'linux', run: fakeRun({'netstat -tunapWe': {stdout: junk}}).run}).read(
				signal(),
			),
			'PARSE',
			/3 lines/,
		);
		const mixed = await createNetstatSource({
			platform: 'linux',
			run: fakeRun({'netstat -tunapWe': {stdout: fixture('linux/garbage.txt')}}).run,
		}).read(signal());
		assert.equal(mixed.records.length, 4);
		assert.equal(mixed.skippedLines, 7);
	});

	test('no sockets at all is an empty result, not an error', async () => {
		const {run} = fakeRun({
			'netstat -tunapWe': {stdout: fixture('linux/tunapWe-root.txt').split('\n').slice(0, 2).join('\n')},
		});
		const result = await createNetstatSource({platform: 'linux', run}).read(signal());
		assert.deepEqual([result.records, result.skippedLines], [[], 0]);
	});

	test('other failures of run become one-line SourceErrors', async () => {
		const {run} = fakeRun({'netstat -tunapWe': new Error('boom')});
		await rejectsWith(createNetstatSource({platform: 'linux', run}).read(signal()), 'IO', 'boom');
	});
});

describe('createNetstatSource: abort', () => {
	test('aborting kills the child and rejects with TIMEOUT', async () => {
		const controller = new AbortController();
		let started = false;
		// Real runCommand on a command that would outlive the test.
		const run = (_file: string, _args: readonly string[], options: RunOptions) => {
			started = true;
			const running = runCommand('sleep', ['30'], options);
			setImmediate(() => controller.abort());
			return running;
		};
		await rejectsWith(createNetstatSource({platform: 'linux', run}).read(controller.signal), 'TIMEOUT');
		assert.ok(started);
	});

	test('an already aborted signal does not start anything', async () => {
		const controller = new AbortController();
		controller.abort();
		const {run, calls} = fakeRun({});
		const wrapped = (file: string, args: readonly string[], options: RunOptions) =>
			options.signal.aborted
				? Promise.reject(new SourceError('TIMEOUT', `${file} was cancelled before it started`))
				: run(file, args, options);
		await rejectsWith(
			createNetstatSource({platform: 'linux', run: wrapped}).read(controller.signal),
			'TIMEOUT',
		);
		assert.equal(calls.length, 0);
	});
});

describe('createNetstatSource on other platforms (fake run)', () => {
	test('macOS: the tcp and udp runs are merged', async () => {
		const {run, calls} = fakeRun({
			'netstat -anvW -p tcp': {stdout: fixture('darwin/anvW-process-pid.txt')},
			'netstat -anvW -p udp': {stdout: fixture('darwin/anvW-udp-process-pid.txt')},
		});
		const result = await createNetstatSource({platform: 'darwin', run}).read(signal());
		assert.equal(calls.length, 2);
		assert.equal(result.records.length, 10);
		assert.equal(only(result.records, {proto: 'udp', localPort: 63657}).process, 'Claude Helper');
	});

	test('Windows: tasklist names the pids', async () => {
		const {run} = fakeRun({
			'netstat.exe -a -n -o': {stdout: fixture('windows/ano-en.txt')},
			'tasklist.exe /FO CSV /NH': {
				stdout: '"System","4","Services","0","3,828 K"\r\n"svchost.exe","708","Services","0","9,000 K"\r\n',
			},
		});
		const result = await createNetstatSource({platform: 'win32', run}).read(signal());
		assert.equal(only(result.records, {localPort: 135, family: 4}).process, 'svchost.exe');
		assert.equal(only(result.records, {localPort: 445, family: 4}).process, 'System');
		assert.equal(only(result.records, {localPort: 9255}).process, null);
		assert.deepEqual(result.warnings, []);
	});

	test('Windows: a failing tasklist leaves pids unnamed, with a warning', async () => {
		const {run} = fakeRun({
			'netstat.exe -a -n -o': {stdout: fixture('windows/ano-de.txt')},
			'tasklist.exe /FO CSV /NH': new SourceError('ENOENT', 'tasklist.exe was not found on PATH'),
		});
		const result = await createNetstatSource({platform: 'win32', run}).read(signal());
		assert.equal(result.records.length, 27);
		assert.equal(only(result.records, {localPort: 135, family: 4}).pid, 624);
		assert.match(result.warnings[0] ?? '', /process names are missing/);
	});

	test('FreeBSD: sockets without owners, and the warning saying why', async () => {
		const {run} = fakeRun({
			'netstat -an -W -p tcp': {stdout: fixture('freebsd/an-freebsd12.txt')},
			'netstat -an -W -p udp': {stdout: 'Active Internet connections (including servers)\n'},
		});
		const result = await createNetstatSource({platform: 'freebsd', run}).read(signal());
		assert.equal(result.records.length, 6);
		assert.equal(result.warnings.length, 1);
	});

	test('an unsupported platform: UNSUPPORTED', async () => {
		await rejectsWith(
			createNetstatSource({platform: 'aix', run: fakeRun({}).run}).read(signal()),
			'UNSUPPORTED',
		);
	});
});

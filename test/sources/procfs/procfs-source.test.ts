import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {after, test} from 'node:test';
import {parseFilter} from '../../../source/filter/filter.js';
import {ownersWantedBy} from '../../../source/sources/owner-demand.js';
import {createProcfsSource} from '../../../source/sources/procfs/procfs-source.js';
import {SourceError} from '../../../source/sources/source.js';
import {countingFs, createFakeProc, type FakeProc, netText} from './fake-proc.js';

const fakes: FakeProc[] = [];
after(() => Promise.all(fakes.map((fake) => fake.remove())));
const signal = () => new AbortController().signal;

/** pid 10 (uid 1000) owns 9001 and shares 9002 with pid 11; 9003 belongs to nobody we can see; one TIME_WAIT. */
async function machine(): Promise<{fake: FakeProc; passwdPath: string}> {
	const fake = await createFakeProc([
		{pid: 10, comm: 'server', fds: {3: 'socket:[9001]', 4: 'socket:[9002]'}},
		{pid: 11, comm: 'server worker', fds: {3: 'socket:[9002]'}},
	]);
	fakes.push(fake);
	await fake.writeNet(
		'tcp',
		`${netText([
			{port: 80, inode: 9001, uid: 1000},
			{port: 81, inode: 9003, uid: 0},
			{port: 82, inode: 0, uid: 0, state: '06'},
		])}garbage line\n`,
	);
	await fake.writeNet('udp', netText([{port: 53, inode: 9002, uid: 1000, state: '07'}]));
	const passwdPath = join(fake.root, 'passwd');
	await writeFile(passwdPath, 'root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n');
	return {fake, passwdPath};
}

test('records carry owners and user names; TIME_WAIT is not unattributed; no IPv6 files is fine', async () => {
	const {fake, passwdPath} = await machine();
	const source = createProcfsSource({root: fake.root, passwdPath, euid: 0});
	assert.equal(source.name, 'procfs');
	const result = await source.read(signal());
	const summary = result.records.map((r) => [
		r.proto,
		r.localPort,
		r.state,
		r.pid,
		r.process,
		r.owners.length,
		r.user,
		r.inode,
	]);
	assert.deepEqual(summary, [
		['tcp', 80, 'LISTEN', 10, 'server', 1, 'alice', 9001],
		['tcp', 81, 'LISTEN', null, null, 0, 'root', 9003],
		['tcp', 82, 'TIME_WAIT', null, null, 0, null, null],
		['udp', 53, 'UNCONN', 10, 'server', 2, 'alice', 9002],
	]);
	assert.deepEqual(result.records[3]?.owners, [
		{pid: 10, process: 'server'},
		{pid: 11, process: 'server worker'},
	]);
	assert.equal(result.unattributed, 1);
	assert.equal(result.skippedLines, 1);
	assert.deepEqual(result.warnings, [], 'root gets no advice to become root');
	assert.equal(result.unattributedCause, 'hidden-from-root');
	const timeWait = result.records[2]!;
	assert.deepEqual([timeWait.uid, timeWait.user, timeWait.inode], [null, null, null], 'no owner, not root');
});

test('not root: unattributed sockets come with their cause', async () => {
	const {fake, passwdPath} = await machine();
	const result = await createProcfsSource({root: fake.root, passwdPath, euid: 1000}).read(signal());
	assert.equal(result.unattributedCause, 'not-root');
	assert.deepEqual(result.warnings, [], 'the CLI and the dashboard word it, counted against their filter');
	await fake.writeNet(
		'tcp6',
		netText([]) +
			'   0: 00000000000000000000000001000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 9004 1\n',
	);
	const more = await createProcfsSource({root: fake.root, passwdPath, euid: 1000}).read(signal());
	assert.equal(more.unattributed, 2);
});

test('link-local IPv6 sockets carry %interface; if_inet6 is read only when there are some', async () => {
	const {fake, passwdPath} = await machine();
	const fs = countingFs();
	const source = createProcfsSource({root: fake.root, passwdPath, fs, euid: 0});
	await source.read(signal());
	const before = fs.calls.readFile;
	await source.read(signal());
	assert.equal(fs.calls.readFile - before, 4, 'no link-local socket: the four tables only');
	const dir = new URL('../../fixtures/procfs/', import.meta.url);
	await fake.writeNet('tcp6', readFileSync(new URL('linklocal-tcp6.txt', dir), 'utf8'));
	await writeFile(
		join(fake.root, 'net', 'if_inet6'),
		readFileSync(new URL('linklocal-if_inet6.txt', dir), 'utf8'),
	);
	const result = await source.read(signal());
	const linkLocal = result.records
		.filter((r) => r.family === 6)
		.map((r) => `${r.localAddress} ${r.remoteAddress}`);
	assert.deepEqual(linkLocal, [
		'fe80::d8f0:88ff:fefd:914a%d0 null',
		'fe80::d8f0:88ff:fefd:914a%d0 fe80::d8f0:88ff:fefd:914a%d0',
		'fe80::d8f0:88ff:fefd:914a%d0 fe80::d8f0:88ff:fefd:914a%d0',
	]);
});

test('steady-state polls read the four tables but walk no fd', async () => {
	const {fake, passwdPath} = await machine();
	const fs = countingFs();
	const source = createProcfsSource({root: fake.root, passwdPath, fs, now: () => 0, euid: 0});
	await source.read(signal());
	const first = {...fs.calls};
	await source.read(signal());
	await source.read(signal());
	assert.equal(fs.calls.readlink, first.readlink);
	assert.equal(fs.calls.readdir, first.readdir);
	assert.equal(fs.calls.readFile, first.readFile + 2 * 4, 'only tcp, tcp6, udp, udp6 again');
});

test('/proc missing or unreadable: a one-line SourceError', async () => {
	await assert.rejects(createProcfsSource({root: '/nonexistent/proc'}).read(signal()), (error) => {
		assert.ok(error instanceof SourceError);
		assert.equal(error.code, 'ENOENT');
		assert.equal(error.message, '/nonexistent/proc/net/tcp not found: is /proc mounted?');
		return true;
	});
	const {fake, passwdPath} = await machine();
	const denied = countingFs((op, path) =>
		op === 'readFile' && path.endsWith('/net/udp') ? 'EACCES' : undefined,
	);
	await assert.rejects(createProcfsSource({root: fake.root, passwdPath, fs: denied}).read(signal()), {
		name: 'SourceError',
		code: 'EACCES',
		message: `cannot read ${fake.root}/net/udp`,
	});
});

test('abort: rejects with a TIMEOUT SourceError, before or during the read', async () => {
	const {fake, passwdPath} = await machine();
	const controller = new AbortController();
	controller.abort();
	await assert.rejects(createProcfsSource({root: fake.root, passwdPath}).read(controller.signal), {
		name: 'SourceError',
		code: 'TIMEOUT',
	});

	// An fs that never answers: the read must still give up when told to.
	const stuck = {...countingFs(), readFile: () => new Promise<string>(() => {})};
	const during = new AbortController();
	const pending = createProcfsSource({root: fake.root, passwdPath, fs: stuck}).read(during.signal);
	setImmediate(() => during.abort());
	await assert.rejects(pending, {name: 'SourceError', code: 'TIMEOUT'});
});

test('a filter that rejects every socket on other fields reads no /proc/<pid>/fd at all', async () => {
	const {fake, passwdPath} = await machine();
	const fs = countingFs();
	const source = createProcfsSource({root: fake.root, passwdPath, fs, euid: 1000});
	const filter = parseFilter('port:9999');
	assert.ok(filter.ok);
	const result = await source.read(signal(), {ownersWanted: ownersWantedBy(filter.predicate)});
	assert.equal(result.records.filter(filter.predicate).length, 0);
	assert.equal(fs.calls.readlink, 0);
	assert.equal(fs.calls.readdir, 0, 'not even /proc listed');
	assert.equal(result.unattributed, 0, 'counted against the filter');
	assert.deepEqual(result.warnings, []);
});

test('with a filter, owners are found for the sockets it may accept, and counted against it', async () => {
	const {fake, passwdPath} = await machine();
	const source = createProcfsSource({root: fake.root, passwdPath, euid: 1000});
	for (const [text, expected, unattributed] of [
		['port:80', [[80, 'server']], 0],
		['port:81', [[81, null]], 1],
		['proc:worker', [[53, 'server']], 1], // reads owners: every socket's are looked up
		['user:alice !proc:server', [], 0],
	] as const) {
		const filter = parseFilter(text);
		assert.ok(filter.ok);
		const result = await source.read(signal(), {ownersWanted: ownersWantedBy(filter.predicate)});
		const shown = result.records.filter(filter.predicate).map((r) => [r.localPort, r.process]);
		assert.deepEqual(shown, expected, text);
		assert.equal(result.unattributed, unattributed, text);
	}
});

test('tables printed the same again and no full walk due: the same result object, no fd read', async () => {
	const {fake, passwdPath} = await machine();
	const fs = countingFs();
	let clock = 0;
	const source = createProcfsSource({
		root: fake.root,
		passwdPath,
		fs,
		euid: 0,
		now: () => clock,
		rewalkMs: 30_000,
	});
	const first = await source.read(signal());
	clock = 2000;
	const calls = {...fs.calls};
	assert.equal(await source.read(signal()), first);
	assert.equal(fs.calls.readlink, calls.readlink);
	assert.equal(fs.calls.readdir, calls.readdir);

	await fake.writeNet('tcp', netText([{port: 80, inode: 9001, uid: 1000}])); // two sockets gone
	const changed = await source.read(signal());
	assert.notEqual(changed, first);
	assert.equal(changed.records.length, 2);
	assert.equal(await source.read(signal()), changed);

	clock = 40_000; // the periodic full walk reads every link even when the tables did not change
	const before = fs.calls.readlink;
	const rewalked = await source.read(signal());
	assert.ok(fs.calls.readlink > before);
	// …and with every owner as it was, the records stand: the same result object.
	assert.equal(rewalked, changed);
	const filter = parseFilter('port:80');
	assert.ok(filter.ok);
	const hinted = await source.read(signal(), {ownersWanted: ownersWantedBy(filter.predicate)});
	assert.notEqual(hinted, rewalked, 'a read with hints is never the plain one');
});

test('the periodic full walk on unchanged tables: new records only when an owner changed', async () => {
	const {fake, passwdPath} = await machine();
	let clock = 0;
	const source = createProcfsSource({
		root: fake.root,
		passwdPath,
		euid: 0,
		now: () => clock,
		rewalkMs: 30_000,
	});
	const first = await source.read(signal());
	clock = 31_000;
	assert.equal(await source.read(signal()), first, 'same owners: the last records stand');
	// Same table text; socket 9001 passed from pid 10 to a new process (pid 12), and 9003 found.
	await fake.setFd(10, 3, null);
	await fake.addProcess({pid: 12, comm: 'heir', fds: {5: 'socket:[9001]', 6: 'socket:[9003]'}});
	clock = 40_000; // no walk due yet: nothing read, the old owners shown
	assert.equal(await source.read(signal()), first);
	clock = 62_000;
	const after = await source.read(signal());
	assert.notEqual(after, first);
	assert.deepEqual(
		after.records.map((r) => [r.localPort, r.pid, r.process]),
		[
			[80, 12, 'heir'],
			[81, 12, 'heir'],
			[82, null, null],
			[53, 10, 'server'],
		],
	);
	assert.equal(after.unattributed, 0);
	assert.equal(first.unattributed, 1);
	clock = 64_000;
	assert.equal(await source.read(signal()), after, 'and those records stand from then on');
});

test('a socket the kernel printed twice (its walk resumed between reads under churn) is listed once', async () => {
	const {fake, passwdPath} = await machine();
	const sockets = [
		{port: 80, inode: 9001, uid: 1000},
		{port: 82, inode: 0, uid: 0, state: '06'},
	];
	await fake.writeNet('tcp', netText([...sockets, ...sockets, {port: 81, inode: 9003}]));
	const result = await createProcfsSource({root: fake.root, passwdPath, euid: 0}).read(signal());
	assert.deepEqual(
		result.records.filter((r) => r.proto === 'tcp').map((r) => [r.localPort, r.state]),
		[
			[80, 'LISTEN'],
			[82, 'TIME_WAIT'],
			[81, 'LISTEN'],
		],
	);
});

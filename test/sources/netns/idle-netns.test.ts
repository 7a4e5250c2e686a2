// Namespaces with no process (read by a spawn, named-netns-read.ts): the first read is waited
// for, later ones run in the background and the next poll takes their result; a failed read
// drops the rows and says why. And the spawn's output is split back into its files.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {createIdleNetns, IDLE_READS_AT_ONCE} from '../../../source/sources/procfs/idle-netns.js';
import {
	NAMED_NETNS_FILES,
	NamespaceGone,
	namedNetnsArgv,
} from '../../../source/sources/procfs/named-netns-read.js';
import type {CensusNamespace} from '../../../source/sources/procfs/netns-census.js';
import {parseFibTrieLocal} from '../../../source/sources/procfs/parse-netns-addresses.js';
import {parseProcNet} from '../../../source/sources/procfs/parse-proc-net.js';
import {parseTailSections} from '../../../source/sources/procfs/parse-tail-sections.js';

const FIXTURE = new URL('../../fixtures/named-netns/tail-listener-veth.txt', import.meta.url);

test('tail -n +1 output of the six files splits back into each file, exactly', () => {
	const sections = parseTailSections(readFileSync(FIXTURE, 'utf8'));
	assert.deepEqual(
		[...sections.keys()],
		NAMED_NETNS_FILES.map((file) => `/proc/self/net/${file}`),
	);
	const tcp = parseProcNet(sections.get('/proc/self/net/tcp')!, 'tcp');
	assert.equal(tcp.skippedLines, 0);
	assert.deepEqual(
		tcp.entries.map((e) => `${e.localAddress}:${e.localPort} ${e.state}`),
		[
			'0.0.0.0:41201 LISTEN',
			'127.0.0.1:33682 TIME_WAIT',
			'127.0.0.1:44948 TIME_WAIT',
			'127.0.0.1:44964 TIME_WAIT',
		],
	);
	assert.equal(parseProcNet(sections.get('/proc/self/net/tcp6')!, 'tcp6').entries.length, 0);
	assert.equal(parseProcNet(sections.get('/proc/self/net/udp')!, 'udp').entries[0]!.localPort, 41201);
	assert.deepEqual(parseFibTrieLocal(sections.get('/proc/self/net/fib_trie')!), ['10.241.99.2', '127.0.0.1']);
	assert.equal(
		sections.get('/proc/self/net/if_inet6'),
		'00000000000000000000000000000001 01 80 10 80       lo\n',
	);
	// No header's blank line leaks into the file before it.
	assert.ok(sections.get('/proc/self/net/tcp6')!.endsWith(' inode\n'));
});

test('a file tail could not read is absent; an empty one is empty', () => {
	const text = '==> /a <==\nx\n\n==> /b <==\n\n==> /c <==\ny\n';
	assert.deepEqual(
		[...parseTailSections(text)],
		[
			['/a', 'x\n'],
			['/b', ''],
			['/c', 'y\n'],
		],
	);
});

test('the spawn is nsenter into the mount, then tail of /proc/self/net: argv only', () => {
	const [file, args] = namedNetnsArgv('/run/netns/nf-x');
	assert.equal(file, 'nsenter');
	assert.deepEqual(args.slice(0, 4), ['--net=/run/netns/nf-x', 'tail', '-n', '+1']);
	assert.equal(args.length, 4 + NAMED_NETNS_FILES.length);
});

const ns = (key: number, name: string): CensusNamespace => ({key, id: key, pids: [], name});

function setup() {
	let clock = 0;
	const reads: string[] = [];
	let answer: (name: string) => Promise<string[]> = async (name) => [name, '', '', '', '', ''];
	const idle = createIdleNetns({
		read: (name) => {
			reads.push(name);
			return answer(name);
		},
		parse: async (texts) => ({
			entries: [
				{
					proto: 'tcp',
					family: 4,
					localAddress: '0.0.0.0',
					localPort: texts[0]!.length,
					remoteAddress: null,
					remotePort: null,
					state: 'LISTEN',
					uid: 0,
					inode: 1,
				},
			],
			skippedLines: 0,
		}),
		now: () => clock,
		refreshMs: 5000,
	});
	return {
		idle,
		reads,
		tick: (ms: number) => {
			clock += ms;
		},
		answerWith: (fn: (name: string) => Promise<string[]>) => {
			answer = fn;
		},
	};
}

test('first read waited for; re-read in the background after refreshMs, taken by the next poll', async () => {
	const {idle, reads, tick, answerWith} = setup();
	const signal = new AbortController().signal;
	const first = await idle.read([ns(1, 'ab')], signal);
	assert.deepEqual(reads, ['ab']);
	assert.equal(first.changed, true);
	assert.equal(first.tables[0]!.entries[0]!.localPort, 2);
	tick(1000);
	const quiet = await idle.read([ns(1, 'ab')], signal);
	assert.deepEqual(reads, ['ab'], 'not re-read before refreshMs');
	assert.equal(quiet.changed, false);
	tick(5000);
	let release: () => void = () => {};
	answerWith(
		(name) =>
			new Promise((resolve) => {
				release = () => resolve([`${name}xyz`, '', '', '', '', '']);
			}),
	);
	const during = await idle.read([ns(1, 'ab')], signal);
	assert.deepEqual(reads, ['ab', 'ab'], 'a background read started');
	assert.equal(during.changed, false, 'the poll did not wait for it');
	assert.equal(during.tables[0]!.entries[0]!.localPort, 2);
	release();
	await idle.settled();
	const after = await idle.read([ns(1, 'ab')], signal);
	assert.equal(after.changed, true);
	assert.equal(after.tables[0]!.entries[0]!.localPort, 5);
});

test('a failed read drops its rows and says why; a namespace gone is forgotten', async () => {
	const {idle, tick, answerWith} = setup();
	const signal = new AbortController().signal;
	await idle.read([ns(1, 'a'), ns(2, 'b')], signal);
	tick(6000);
	answerWith(async (name) => {
		if (name === 'a') throw new Error('could not read network namespace /run/netns/a: gone');
		return [name, '', '', '', '', ''];
	});
	await idle.read([ns(1, 'a'), ns(2, 'b')], signal);
	await idle.settled();
	const got = await idle.read([ns(1, 'a'), ns(2, 'b')], signal);
	assert.equal(got.changed, true);
	assert.deepEqual(
		got.tables.map((t) => t.namespace.name),
		['b'],
	);
	assert.deepEqual(got.problems, ['could not read network namespace /run/netns/a: gone']);
	const gone = await idle.read([], signal);
	assert.equal(gone.changed, true);
	assert.deepEqual(gone.tables, []);
});

test('a namespace deleted between census and read loses its rows without a word', async () => {
	const {idle, tick, answerWith} = setup();
	const signal = new AbortController().signal;
	await idle.read([ns(1, 'a')], signal);
	tick(6000);
	answerWith(async () => {
		throw new NamespaceGone('/run/netns/a');
	});
	await idle.read([ns(1, 'a')], signal);
	await idle.settled();
	const got = await idle.read([ns(1, 'a')], signal);
	assert.deepEqual(got.tables, []);
	assert.deepEqual(got.problems, []);
});

test('many idle namespaces: first reads and background re-reads run IDLE_READS_AT_ONCE at a time, every first one waited for', async () => {
	let clock = 0;
	let inFlight = 0;
	let most = 0;
	const reads: string[] = [];
	const idle = createIdleNetns({
		read: async (name) => {
			reads.push(name);
			most = Math.max(most, ++inFlight);
			await new Promise((resolve) => setImmediate(resolve));
			inFlight--;
			return [name, '', '', '', '', ''];
		},
		parse: async () => ({entries: [], skippedLines: 0}),
		now: () => clock,
		refreshMs: 5000,
	});
	const many = Array.from({length: 25}, (_, i) => ns(i + 1, `n${i}`));
	const signal = new AbortController().signal;
	const first = await idle.read(many, signal);
	assert.equal(reads.length, 25, 'every namespace read before the first poll answers');
	assert.equal(first.tables.length, 25);
	assert.equal(most, IDLE_READS_AT_ONCE);
	clock += 5000;
	most = 0;
	await idle.read(many, signal);
	assert.equal(reads.length, 25 + IDLE_READS_AT_ONCE, 'this poll starts only as many background reads');
	await idle.settled();
	await idle.read(many, signal);
	assert.equal(reads.length, 25 + 2 * IDLE_READS_AT_ONCE, 'the next poll starts the next ones');
	await idle.settled();
	assert.ok(most <= IDLE_READS_AT_ONCE, `at most ${IDLE_READS_AT_ONCE} at once, saw ${most}`);
});

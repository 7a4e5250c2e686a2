// A remote socktop's link shows an ss table first, then the socktop's events from `sync` on.
// QA found: that switch was one `change` per socket in `--json` and the history (`user -→root,
// inode -→…`): `ss -tunapH` prints neither. The table now comes from `ss -tunapeH` with the
// host's user names, so its rows are what the socktop says and the switch changes nothing,
// while a reader of the events still holds the socktop's table.
//
// Fixtures, one moment in one network namespace (iproute2 6.1.0, this checkout's socktop,
// Linux 6.x, 2026-11-30, as root), a python3 and its child holding: a TCP listener and a
// connection both ends, a TIME_WAIT, a bound and a connected UDP socket, and a v6 listener
// of the child's after setuid(65534):
// - ss-tunapeH-sync.txt: `nsenter --net=/run/netns/NS ss -tunapeH`
// - socktop-json-sync.ndjson: `nsenter --net=… env SOCKTOP_PROTOCOL=1 node dist/cli.js --json --netns host`, to `sync`
// - passwd-name-uid.txt: `cut -d: -f1,3 /etc/passwd`, the lines of the uids above and a few more
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import type {SocketRecord} from '../../../source/model/socket-record.js';
import {createHostsSource} from '../../../source/sources/remote/hosts-source.js';
import {parseSs, parseUserNames} from '../../../source/sources/remote/parse-ss.js';
import {parseRemoteEvent} from '../../../source/sources/remote/remote-json.js';
import {createPollStore} from '../../../source/store/poll-store.js';
import {baseKey} from '../../../source/store/row-key.js';
import {FakeClock, fakeSsh, flush} from '../../helpers/fake-ssh.js';

const fixture = (name: string) =>
	readFileSync(new URL(`../../fixtures/e2e/${name}`, import.meta.url), 'utf8');
const SS = fixture('ss-tunapeH-sync.txt');
const EVENTS = fixture('socktop-json-sync.ndjson');
const PASSWD = fixture('passwd-name-uid.txt');

/** The facts a `change` event compares (stream-events.ts changedParts), and the endpoints. */
const facts = (record: SocketRecord) => ({
	key: baseKey(record),
	state: record.state,
	owners: record.owners,
	uid: record.uid,
	user: record.user,
	inode: record.inode,
	container: record.container,
	netns: record.netns,
});
const byKey = (records: readonly SocketRecord[]) =>
	records.map(facts).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

const socktopRecords = (host: string): SocketRecord[] =>
	EVENTS.split('\n')
		.map((line) => parseRemoteEvent(line, host))
		.flatMap((event) => (event?.type === 'upsert' ? [event.record] : []));

describe('the ss table before a remote socktop', () => {
	it('`ss -tunapeH` with the user names says what the socktop says of every socket', () => {
		const {records, skippedLines} = parseSs(SS, parseUserNames(PASSWD));
		assert.equal(skippedLines, 0);
		assert.equal(records.length, 7);
		const expected = socktopRecords('local');
		assert.equal(expected.length, 7);
		assert.deepEqual(byKey(records), byKey(expected));
	});

	it('without -e (the fallback) the uid, user and inode stay unknown', () => {
		const plain = SS.replace(/ (uid|ino|sk|cgroup):\S+| v6only:\d| <->|timer:\(\S+\)/g, '');
		const {records} = parseSs(plain);
		assert.ok(
			records.every((record) => record.uid === null && record.user === null && record.inode === null),
		);
	});

	it('a process named like the -e fields does not fool it: the last ones count', () => {
		const line =
			'tcp LISTEN 0 8 127.0.0.1:9 0.0.0.0:* users:(("x uid:5 ino:7 sk:1",pid=3,fd=3)) uid:1000 ino:42 sk:ab cgroup:/ <->';
		const [record] = parseSs(line, new Map([[1000, 'ann']])).records;
		assert.deepEqual([record?.uid, record?.user, record?.inode], [1000, 'ann', 42]);
	});

	it('the switch at sync emits no change, and the rows are the socktop table', async () => {
		const clock = new FakeClock();
		const {ssh, opened} = fakeSsh();
		const source = createHostsSource({
			local: null,
			hosts: ['a'],
			ssh,
			intervalMs: 2000,
			clock,
			manualCommand: (dest) => `ssh ${dest} true`,
		});
		const store = createPollStore({source, intervalMs: 2000, clock});
		store.start();
		await flush();
		const channel = opened[0]!;
		const M = channel.marker;
		// What remote-script.ts prints: the mode, the ss table with the names, then socktop.
		assert.match(channel.command, /ss -tunapeH/);
		channel.write(
			`${M} mode socktop\n${M} table\n${SS.trimEnd()}\n${M} part\n${PASSWD.trimEnd()}\n${M} end\n`,
		);
		for (let i = 0; i < 20 && store.getSnapshot().loading; i++) await flush();
		const before = store.getSnapshot();
		assert.equal(before.rows.length, 7);
		assert.equal(before.hosts?.[0]?.mode, 'ss, socktop syncing');
		channel.write(EVENTS);
		await flush();
		clock.advance(2000);
		for (let i = 0; i < 20 && store.getSnapshot().hosts?.[0]?.mode !== 'socktop'; i++) await flush();
		const after = store.getSnapshot();
		assert.equal(after.hosts?.[0]?.mode, 'socktop');
		// No event at all: nothing opened, closed or changed.
		assert.deepEqual(
			[after.added.length, after.removed.length, after.changed.length],
			[0, 0, 0],
			`changed: ${after.changed.join(', ')}`,
		);
		// A reader that applied the first poll's open events holds the socktop's table.
		assert.deepEqual(byKey(after.rows.map((row) => row.record)), byKey(socktopRecords('a')));
		store.stop();
		source.close();
	});
});

// A reader of `socktop --json` who applies its events holds, after every poll, exactly
// the table `socktop --once --json` prints from the same read, with the same filter.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runOnce} from '../../source/cli/run-once.js';
import {runStream} from '../../source/cli/run-stream.js';
import type {SocketRecord} from '../../source/model/socket-record.js';
import {createPollStore} from '../../source/store/poll-store.js';
import {capture} from '../helpers/capture.js';
import {FakeClock, flush} from '../helpers/fake-clock.js';
import {FakeSource} from '../helpers/fake-source.js';
import {rec} from '../helpers/records.js';

const web = {pid: 10, process: 'nginx', uid: 33, user: 'www-data'};
const conn = (
	port: number,
	state: SocketRecord['state'],
	owner: object | null = web,
	inode: number | null = port,
) =>
	rec({
		localPort: 80,
		remoteAddress: '127.0.0.1',
		remotePort: port,
		state,
		...(owner ?? {}),
		inode,
	});
const orphan = (port: number, state: SocketRecord['state']) => conn(port, state, null, null);

// Five polls of a scripted machine: ESTABLISHED → FIN_WAIT2 / CLOSE_WAIT / TIME_WAIT,
// owners changing (a fork shares a socket, a restart moves a listener), sockets that
// come, go and come back, two SO_REUSEPORT listeners with the same endpoints.
const POLLS: SocketRecord[][] = [
	[
		rec({localPort: 80, ...web, inode: 1}),
		rec({localPort: 443, ...web, inode: 2}),
		rec({localPort: 443, pid: 11, process: 'nginx', uid: 33, user: 'www-data', inode: 3}),
		conn(50001, 'ESTABLISHED'),
		conn(50002, 'ESTABLISHED'),
		conn(50003, 'ESTABLISHED'),
		rec({proto: 'udp', localPort: 53, state: 'UNCONN', pid: 20, process: 'dnsmasq', inode: 5}),
	],
	[
		rec({localPort: 80, ...web, inode: 1}),
		rec({localPort: 443, ...web, inode: 2}),
		rec({localPort: 443, pid: 11, process: 'nginx', uid: 33, user: 'www-data', inode: 3}),
		conn(50001, 'FIN_WAIT2'),
		conn(50002, 'CLOSE_WAIT'),
		orphan(50003, 'TIME_WAIT'),
		conn(50004, 'SYN_SENT', {pid: 30, process: 'curl', uid: 1000, user: 'alice'}),
		rec({proto: 'udp', localPort: 53, state: 'UNCONN', pid: 20, process: 'dnsmasq', inode: 5}),
	],
	[
		rec({localPort: 80, pid: 12, process: 'nginx', uid: 33, user: 'www-data', inode: 1}),
		// Closed and opened again between two polls by the same process: only the inode tells.
		rec({localPort: 443, ...web, inode: 9}),
		orphan(50001, 'FIN_WAIT2'),
		conn(50002, 'CLOSE_WAIT', {
			owners: [
				{pid: 10, process: 'nginx'},
				{pid: 13, process: 'nginx'},
			],
			uid: 33,
			user: 'www-data',
		}),
		orphan(50003, 'TIME_WAIT'),
		conn(50004, 'ESTABLISHED', {pid: 30, process: 'curl', uid: 1000, user: 'alice'}),
	],
	[
		rec({localPort: 80, pid: 12, process: 'nginx', uid: 33, user: 'www-data', inode: 1}),
		conn(50002, 'LAST_ACK', null),
		conn(50004, 'TIME_WAIT', null, null),
		rec({proto: 'udp', localPort: 53, state: 'UNCONN', pid: 21, process: 'dnsmasq', inode: 6}),
	],
	[
		rec({localPort: 80, pid: 12, process: 'nginx', uid: 33, user: 'www-data', inode: 1}),
		orphan(50003, 'TIME_WAIT'),
	],
];

const FILTERS = [
	'',
	'state:estab',
	'!state:time-wait',
	'state:time-wait',
	'proc:nginx',
	'user:alice',
	'port:443',
];

/** Event-only fields dropped, so a held socket compares with a `--once` line. */
function asOnceLine(event: Record<string, unknown>): string {
	const {
		event: _e,
		time: _t,
		key: _k,
		firstSeen: _f,
		seenAtStart: _s,
		changed: _c,
		previous: _p,
		reason: _r,
		...fields
	} = event;
	return JSON.stringify(fields);
}

async function onceTable(records: SocketRecord[], filter: string): Promise<string[]> {
	const out = capture();
	const code = await runOnce(
		new FakeSource([{records}]),
		{json: true, filter, timeoutMs: 1000},
		{stdout: out.stream, stderr: capture().stream},
	);
	assert.equal(code, 0);
	return out.lines().sort();
}

/** `socktop --json` with `filter` over a store that plays POLLS, one per second of `clock`. */
function streamPolls(filter: string) {
	const clock = new FakeClock();
	const store = createPollStore({
		source: new FakeSource(POLLS.map((records) => ({records}))),
		intervalMs: 1000,
		clock,
	});
	const out = capture();
	const controller = new AbortController();
	const done = runStream(store, filter, {stdout: out.stream, stderr: capture().stream}, controller.signal);
	return {clock, out, controller, done};
}

describe('socktop --json replays into the --once table at every poll', () => {
	for (const filter of FILTERS) {
		it(`filter ${JSON.stringify(filter)}`, async () => {
			const {clock, out, controller, done} = streamPolls(filter);
			const held = new Map<string, Record<string, unknown>>();
			let read = 0;
			const kinds = new Set<string>();
			for (const [poll, records] of POLLS.entries()) {
				if (poll === 0) await flush();
				else await clock.advance(1000);
				const lines = out.lines();
				for (const line of lines.slice(read)) {
					const event = JSON.parse(line) as Record<string, unknown>;
					const key = event.key as string;
					kinds.add(event.event as string);
					if (event.event === 'open') {
						assert.equal(held.has(key), false, `open of a held socket: ${line}`);
						held.set(key, event);
					} else if (event.event === 'change') {
						assert.equal(held.has(key), true, `change of a socket not held: ${line}`);
						assert.ok((event.changed as string[]).length > 0, line);
						held.set(key, event);
					} else {
						assert.equal(event.event, 'close');
						assert.equal(held.delete(key), true, `close of a socket not held: ${line}`);
					}
				}
				read = lines.length;
				const replayed = [...held.values()].map(asOnceLine).sort();
				assert.deepEqual(replayed, await onceTable(records, filter), `poll ${poll + 1}`);
			}
			controller.abort();
			assert.equal(await done, 0);
			if (filter === '') assert.deepEqual([...kinds].sort(), ['change', 'close', 'open']);
		});
	}

	it('a change event names what changed and its value before', async () => {
		const {clock, out, controller, done} = streamPolls('');
		await flush();
		await clock.advance(2000);
		controller.abort();
		await done;
		const events = out.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
		const of = (port: number) =>
			events.filter((e) => e.remotePort === port).map((e) => [e.event, e.changed, e.previous]);
		assert.deepEqual(of(50003), [
			['open', undefined, undefined],
			[
				'change',
				['state', 'owners', 'user', 'inode'],
				{
					state: 'ESTABLISHED',
					pid: 10,
					process: 'nginx',
					owners: [{pid: 10, process: 'nginx'}],
					uid: 33,
					user: 'www-data',
					inode: 50003,
				},
			],
		]);
		assert.deepEqual(of(50002).at(-1), [
			'change',
			['owners'],
			{pid: 10, process: 'nginx', owners: [{pid: 10, process: 'nginx'}]},
		]);
		const relisten = events
			.filter((e) => e.localPort === 443 && e.pid === 10)
			.map((e) => [e.event, e.changed, e.previous]);
		assert.deepEqual(relisten.at(-1), ['change', ['inode'], {inode: 2}]);
		const first = events[0]!;
		assert.equal(first.seenAtStart, true);
		assert.equal(first.firstSeen, new Date(1_700_000_000_000).toISOString());
		assert.equal(events.find((e) => e.remotePort === 50004)?.seenAtStart, false);
	});
});

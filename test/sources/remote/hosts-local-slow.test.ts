// With --host, this machine's read does not hold the poll: once it has a table, a poll waits
// for a slow local read at most half the interval, then returns the last table (the same object,
// so nothing is redrawn), and the header's local state says stale and why. A local read that
// fails keeps the last table too. Before, the local read ran under the poll's deadline, and a
// slow one failed the whole poll: every remote host's rows and states froze with it.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Clock} from '../../../source/model/clock.js';
import type {SourceResult} from '../../../source/model/socket-record.js';
import {createHostsSource} from '../../../source/sources/remote/hosts-source.js';
import type {SshCapability} from '../../../source/sources/remote/ssh-capability.js';
import type {SocketSource} from '../../../source/sources/source.js';
import {rec} from '../../helpers/records.js';

/** Real timers (the grace wait), a time that moves only when the test says: no timing in the verdicts. */
function steppedClock(): Clock & {step(ms: number): void} {
	let now = 1_000_000;
	return {
		now: () => now,
		setTimeout: (callback, ms) => setTimeout(callback, ms),
		clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
		step: (ms) => {
			now += ms;
		},
	};
}

const result = (port: number): SourceResult => ({
	records: [rec({localPort: port})],
	unattributed: 0,
	skippedLines: 0,
	warnings: [],
});

test('a slow or failing local read keeps the last table and says the local host is stale', async () => {
	const replies: (() => Promise<SourceResult>)[] = [
		async () => result(1),
		() => new Promise<SourceResult>(() => {}), // hangs
	];
	let reads = 0;
	const local: SocketSource = {name: 'procfs', read: () => replies[Math.min(reads++, replies.length - 1)]!()};
	const clock = steppedClock();
	const hosts = createHostsSource({
		local,
		hosts: [],
		ssh: {} as SshCapability,
		intervalMs: 200,
		clock,
		manualCommand: () => '',
	});
	const signal = new AbortController().signal;
	const first = await hosts.read(signal);
	assert.equal(first.records[0]?.localPort, 1);
	assert.equal(hosts.hostStatuses()[0]?.state, 'live');
	const second = await hosts.read(signal);
	assert.equal(second, first, 'the last table, the same object');
	// Past the interval, the header says so.
	clock.step(6_000);
	const third = await hosts.read(signal);
	assert.equal(third.records[0], first.records[0], 'the same record');
	const status = third.hosts?.[0];
	assert.equal(status?.state, 'stale');
	assert.match(status?.message ?? '', /reading this machine's sockets for \d+ s/);
	assert.equal(hosts.hostStatuses()[0]?.state, 'stale');
	hosts.close();
});

test('a local read that fails after a table: the table stays, the state says why', async () => {
	let reads = 0;
	const local: SocketSource = {
		name: 'procfs',
		read: async () => {
			if (reads++ === 0) return result(2);
			throw new Error('procfs did not answer');
		},
	};
	const hosts = createHostsSource({
		local,
		hosts: [],
		ssh: {} as SshCapability,
		intervalMs: 200,
		manualCommand: () => '',
	});
	const signal = new AbortController().signal;
	const first = await hosts.read(signal);
	const second = await hosts.read(signal);
	assert.equal(second.records[0], first.records[0], 'the last table stays');
	const status = second.hosts?.[0];
	assert.equal(status?.state, 'stale');
	assert.equal(status?.message, 'procfs did not answer');
	hosts.close();
});

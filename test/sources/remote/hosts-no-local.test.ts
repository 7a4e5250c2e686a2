// --no-local, the header and footer name only what is shown. QA found: the header still said
// `procfs every 2s` (nothing is read through procfs then) and named neither a lone remote host
// nor, when every host failed, any host at all; the footer showed the first host's reason cut
// at 80 columns. Now: `ssh every 2s`, each host's state in the header, and the footer's count
// and first reason with `…+N (? details)`, the help screen listing every host whole.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {createHostsSource} from '../../../source/sources/remote/hosts-source.js';
import {SourceError, type SourceName} from '../../../source/sources/source.js';
import {createPollStore} from '../../../source/store/poll-store.js';
import type {Snapshot} from '../../../source/store/snapshot.js';
import {createWorkerFeed} from '../../../source/store/worker-feed.js';
import {hostHelpLines} from '../../../source/ui/components/header-hosts.js';
import {hostFailureLine} from '../../../source/ui/components/host-failures.js';
import {textWidth} from '../../../source/ui/model/text-fit.js';
import {FakeClock, fakeSsh, flush} from '../../helpers/fake-ssh.js';
import {statusLine} from '../../helpers/header-line.js';

function hostsOnly(dests: readonly string[]) {
	const clock = new FakeClock();
	const {ssh, opened} = fakeSsh();
	const source = createHostsSource({
		local: null,
		hosts: dests,
		ssh,
		intervalMs: 2000,
		clock,
		manualCommand: (dest) => `ssh ${dest} true`,
	});
	return {clock, opened, source};
}

const header = (snapshot: Snapshot, sourceName: SourceName, width: number) =>
	statusLine(snapshot, width, '', sourceName);

describe('--no-local', () => {
	it('the source is named ssh, in this thread and from the worker feed', () => {
		const {source} = hostsOnly(['a']);
		assert.equal(source.name, 'ssh');
		source.close();
		const feed = createWorkerFeed({
			kind: 'hosts',
			config: {choice: 'auto', hosts: ['a'], local: false, intervalMs: 2000},
		});
		assert.equal(feed.name, 'ssh');
		feed.close();
	});

	it('one live remote host: the header names it and ssh, not procfs', async () => {
		const {opened, source} = hostsOnly(['b']);
		const store = createPollStore({source, intervalMs: 2000, clock: new FakeClock()});
		store.start();
		await flush();
		const channel = opened[0]!;
		channel.write(`${channel.marker} mode fallback Linux ss\n`);
		channel.write(
			`${channel.marker} table\ntcp   LISTEN 0      128        0.0.0.0:22        0.0.0.0:*     users:(("sshd",pid=7,fd=3))\n${channel.marker} end\n`,
		);
		for (let i = 0; i < 20 && store.getSnapshot().loading; i++) await flush();
		const text = header(store.getSnapshot(), source.name, 80);
		assert.match(text, /^socktop {2}ssh every 2s {2}/, text);
		assert.match(text, /\bb live \(ss, Linux\) 1\b/, text);
		assert.doesNotMatch(text, /procfs/);
		store.stop();
		source.close();
	});

	it('every host failing: the error carries each host, the header and help name each, the footer fits', async () => {
		const {opened, source} = hostsOnly(['a', 'b', 'c']);
		const store = createPollStore({source, intervalMs: 2000, clock: new FakeClock()});
		store.start();
		await flush();
		opened[0]!.exit(255, 'ssh: connect to host 10.0.0.1 port 22: Connection refused\n');
		opened[1]!.exit(255, 'user@b: Permission denied (publickey).\n');
		opened[2]!.exit(255, 'ssh: connect to host 10.0.0.3 port 22: No route to host\n');
		for (let i = 0; i < 20 && store.getSnapshot().loading; i++) await flush();
		const snapshot = store.getSnapshot();
		assert.ok(snapshot.error, 'the read failed');
		assert.deepEqual(
			snapshot.hosts?.map((status) => [status.host, status.state]),
			[
				['a', 'failed'],
				['b', 'auth-failed'],
				['c', 'failed'],
			],
		);
		// The header: each host's state within 80 columns (they outrank the source's name); at
		// 160, the first one's cause too.
		const top = header(snapshot, source.name, 80);
		assert.ok(textWidth(top) <= 80, top);
		assert.match(top, /\ba failed\b.*\bb auth-failed\b.*\bc failed\b/, top);
		const wideTop = header(snapshot, source.name, 160);
		assert.doesNotMatch(wideTop, /procfs/);
		assert.match(wideTop, /\ba unreachable: Connection refused\b/, wideTop);
		// The help screen: every host's whole reason.
		const help = hostHelpLines(snapshot, Date.now()).map((line) => line.help);
		assert.equal(help.filter((line) => /^[abc] /.test(line)).length, 3, help.join('\n'));
		assert.match(help.join('\n'), /b auth failed: run once: ssh b true/);
		// The footer at 80 columns: the count, the first host's reason, and the way to the rest.
		const narrow = hostFailureLine(snapshot.hosts!, 80, Date.now(), '…');
		assert.ok(narrow !== null && textWidth(narrow) <= 80, narrow ?? '');
		assert.match(
			narrow!,
			/^source error: 3 hosts failing: a unreachable: Connection refused …\+2 \(\? details\)$/,
		);
		// Wide enough: every host's reason on the line.
		const wide = hostFailureLine(snapshot.hosts!, 400, Date.now(), '…')!;
		for (const host of ['a', 'b', 'c'])
			assert.match(wide, new RegExp(`\\b${host} (unreachable|auth failed)`), wide);
		store.stop();
		source.close();
	});

	it('a SourceError keeps the hosts it is given (the feed worker posts them with the message), none by default', () => {
		const error = new SourceError('EXIT', 'x', [
			{
				host: 'a',
				state: 'failed',
				mode: null,
				since: 0,
				retryAt: null,
				message: 'm',
				command: null,
				pids: true,
			},
		]);
		assert.equal(error.hosts?.[0]?.host, 'a');
		assert.equal(new SourceError('EXIT', 'y').hosts, null);
	});
});

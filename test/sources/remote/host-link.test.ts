// One --host link driven by a fake ssh (streams the test writes) and a fake clock: the host
// states the header shows, the reconnection backoff (doubling, capped, back to the first
// delay once a table came), the ssh failures that name a command to run by hand, and the
// remote socktop's ss table → events switch.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {hostStatusText} from '../../../source/model/host-status.js';
import {HostLink} from '../../../source/sources/remote/host-link.js';
import {FakeClock, fakeSsh, flush} from '../../helpers/fake-ssh.js';

const SS_TABLE = 'tcp   LISTEN 0      128        0.0.0.0:22        0.0.0.0:*     users:(("sshd",pid=7,fd=3))';

function link(options: {backoffMs?: number; backoffCapMs?: number} = {}) {
	const clock = new FakeClock();
	const {ssh, opened} = fakeSsh();
	const hostLink = new HostLink('web1', {
		ssh,
		intervalMs: 2000,
		clock,
		manualCommand: (dest) => `ssh ${dest} true`,
		...options,
	});
	return {clock, opened, hostLink};
}

describe('HostLink', () => {
	it('backs off 1 s, 2 s, 4 s… up to the cap, and starts again at 1 s after a table', async () => {
		const {clock, opened, hostLink} = link({backoffMs: 1000, backoffCapMs: 8000});
		hostLink.start();
		assert.equal(hostLink.status().state, 'connecting');
		assert.equal(hostStatusText(hostLink.status(), clock.now()), 'web1 connecting…');
		const delays: number[] = [];
		for (let attempt = 0; attempt < 5; attempt++) {
			opened.at(-1)!.exit(255, 'ssh: connect to host 10.0.0.1 port 22: Connection refused\n');
			await flush();
			const status = hostLink.status();
			assert.equal(status.state, 'failed');
			assert.equal(status.message, 'ssh: connect to host 10.0.0.1 port 22: Connection refused');
			delays.push(clock.pendingDelay()!);
			assert.equal(status.retryAt, clock.now() + delays.at(-1)!);
			const version = hostLink.version;
			clock.advance(delays.at(-1)!);
			// The attempt under way shows (a blackholed one takes the whole ConnectTimeout).
			assert.ok(hostLink.version > version, 'a new attempt is a change the header sees');
			assert.equal(
				hostStatusText(hostLink.status(), clock.now()),
				'web1 unreachable: ssh: connect to host 10.0.0.1 port 22: Connection refused, reconnecting…',
			);
			assert.equal(opened.length, attempt + 2, 'one new ssh per attempt, none before the delay');
		}
		assert.deepEqual(delays, [1000, 2000, 4000, 8000, 8000]);
		// A table: live, and the next drop is `stale` (the table stays) with the first delay again.
		const channel = opened.at(-1)!;
		channel.write(
			`${channel.marker} mode fallback Linux ss\n${channel.marker} table\n${SS_TABLE}\n${channel.marker} end\n`,
		);
		await flush();
		assert.equal(hostLink.status().state, 'live');
		assert.equal(hostStatusText(hostLink.status(), clock.now()), 'web1 live (ss, Linux)');
		assert.equal(hostLink.records().length, 1);
		assert.equal(hostLink.records()[0]!.host, 'web1');
		channel.exit(255, 'Timeout, server 10.0.0.1 not responding.\n');
		await flush();
		assert.equal(hostLink.status().state, 'stale');
		assert.equal(clock.pendingDelay(), 1000);
		assert.equal(hostLink.records().length, 1, 'the last table stays on screen');
		assert.match(
			hostStatusText(hostLink.status(), clock.now()),
			/^web1 stale since \d\d:\d\d:\d\d, reconnecting in 1 s$/,
		);
		hostLink.stop();
		assert.equal(clock.pendingDelay(), null, 'stop cancels the reconnection');
	});

	it('names the command to run by hand for an unknown host key and a refused login', async () => {
		for (const [stderr, state, text] of [
			['Host key verification failed.\r\n', 'host-key', 'web1 host key unknown: run once: ssh web1 true'],
			[
				'root@10.0.0.1: Permission denied (publickey).\r\n',
				'auth-failed',
				'web1 auth failed: run once: ssh web1 true',
			],
		] as const) {
			const {clock, opened, hostLink} = link();
			let settled = false;
			void hostLink.settled.then(() => {
				settled = true;
			});
			hostLink.start();
			opened[0]!.exit(255, stderr);
			await flush();
			assert.equal(settled, true, 'a failure settles the first read: the other hosts do not wait');
			const status = hostLink.status();
			assert.equal(status.state, state);
			assert.equal(status.command, 'ssh web1 true');
			assert.equal(hostStatusText(status, clock.now()), `${text}, reconnecting in 1 s`);
			hostLink.stop();
		}
	});

	it("a remote socktop: its ss table first ('ss, socktop syncing'), then its events from sync on", async () => {
		const {opened, hostLink} = link();
		hostLink.start();
		const channel = opened[0]!;
		assert.match(channel.command, /command -v socktop/);
		const M = channel.marker;
		channel.write(`${M} mode socktop\n${M} table\n${SS_TABLE}\n${M} end\n{"event":"hello","protocol":1}\n`);
		await flush();
		assert.equal(hostLink.status().mode, 'ss, socktop syncing');
		assert.equal(hostLink.records()[0]!.localPort, 22);
		const open = (key: string, port: number) =>
			JSON.stringify({
				event: 'open',
				key,
				proto: 'tcp',
				family: 4,
				localAddress: '0.0.0.0',
				localPort: port,
				remoteAddress: null,
				remotePort: null,
				state: 'LISTEN',
				pid: 7,
				process: 'sshd',
				owners: [{pid: 7, process: 'sshd'}],
				uid: 0,
				user: 'root',
				inode: 5,
				host: 'local',
				netns: null,
				container: null,
			});
		channel.write(`${open('k1', 22)}\n${open('k2', 80)}\n`);
		await flush();
		assert.equal(hostLink.records().length, 1, 'the ss table shows until the sync');
		channel.write('{"event":"sync"}\n');
		await flush();
		assert.equal(hostLink.status().mode, 'socktop');
		assert.deepEqual(
			hostLink.records().map((record) => [record.host, record.localPort, record.user]),
			[
				['web1', 22, 'root'],
				['web1', 80, 'root'],
			],
		);
		channel.write('{"event":"close","key":"k2"}\n');
		await flush();
		assert.deepEqual(
			hostLink.records().map((record) => record.localPort),
			[22],
		);
		hostLink.stop();
	});

	it('a remote socktop of another protocol: reconnects at once in the fallback mode', async () => {
		const {opened, hostLink} = link();
		hostLink.start();
		const M = opened[0]!.marker;
		opened[0]!.write(`${M} mode socktop\n{"event":"hello","protocol":99}\n`);
		await flush();
		assert.equal(opened.length, 2);
		assert.doesNotMatch(opened[1]!.command, /command -v socktop/);
		assert.match(hostLink.status().message ?? '', /another protocol/);
		hostLink.stop();
	});
});

// `npm run bench -- hosts`: bytes on the ssh link per idle poll, per host, for a host read
// through its own socktop (`a`) and one on the ss fallback (`b`): two namespace hosts with their
// own sshd (test/e2e/helpers/ssh-hosts.ts), `socktop --json --host a --host b -i 1000`, the
// sshd side's TCP byte counters (`ss -tin`: bytes_sent/bytes_received) read 30 s apart once both
// are live. Scaled down from the three hosts × 10k connections (time): idle namespaces.
// Not measured yet: local CPU against `ssh HOST ss -tunap` per interval, and the first full frame.
import {setTimeout as delay} from 'node:timers/promises';
import {CLI_PATH, NODE} from '../test/e2e/helpers/paths.js';
import {Child} from '../test/e2e/helpers/process.js';
import {
	type SshHosts,
	sshHostsUnavailable,
	startSshHosts,
	type TestHost,
} from '../test/e2e/helpers/ssh-hosts.js';
import type {Print, SummaryRow} from './lib.js';

const IDLE_MS = 30_000;
const INTERVAL_MS = 1000;

async function linkBytes(hosts: SshHosts, host: TestHost): Promise<{sent: number; received: number}> {
	const result = await hosts.nsRun(host, 'ss', ['-tinH', 'sport', '= :27022']);
	const sum = (name: string) =>
		[...result.stdout.matchAll(new RegExp(`${name}:(\\d+)`, 'g'))].reduce(
			(total, m) => total + Number(m[1]),
			0,
		);
	return {sent: sum('bytes_sent'), received: sum('bytes_received')};
}

export async function runHostsBench(print: Print): Promise<SummaryRow[]> {
	print('## Many hosts over ssh (idle link bytes)');
	const unavailable = await sshHostsUnavailable();
	if (unavailable)
		return [{section: 'hosts', goal: 'idle bytes per poll', measured: unavailable, verdict: 'skipped'}];
	const hosts = await startSshHosts([
		{name: 'a', socktop: true},
		{name: 'b', socktop: false},
	]);
	const stream = new Child(
		NODE,
		[CLI_PATH, '--json', '--no-local', '--host', 'a', '--host', 'b', '-i', String(INTERVAL_MS)],
		{env: hosts.env},
	);
	try {
		const deadline = Date.now() + 60_000;
		while (!(/host a live/.test(stream.stderr) && /host b live/.test(stream.stderr))) {
			if (Date.now() > deadline) throw new Error(`hosts not live: ${stream.stderr}`);
			await delay(200);
		}
		await delay(5000);
		const [a, b] = hosts.hosts as [TestHost, TestHost];
		const before = [await linkBytes(hosts, a), await linkBytes(hosts, b)];
		const started = Date.now();
		await delay(IDLE_MS);
		const after = [await linkBytes(hosts, a), await linkBytes(hosts, b)];
		const polls = (Date.now() - started) / INTERVAL_MS;
		const rows: SummaryRow[] = [];
		for (const [i, label] of ['remote socktop', 'ss fallback'].entries()) {
			const perPoll = (after[i]!.sent - before[i]!.sent + after[i]!.received - before[i]!.received) / polls;
			print(
				`${label}: ${perPoll.toFixed(0)} bytes per idle poll (both directions, ${polls.toFixed(0)} polls)`,
			);
			rows.push({
				section: 'hosts',
				goal: `${label}: ≤ 1 KB per host per idle poll`,
				measured: `${perPoll.toFixed(0)} B`,
				verdict: label === 'remote socktop' ? (perPoll <= 1024 ? 'met' : 'NOT met') : 'info',
			});
		}
		return rows;
	} finally {
		await stream.stop('SIGKILL');
		await hosts.close();
	}
}
